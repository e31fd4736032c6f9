using System.IO.Compression;
using System.Net;
using Cutout.Tests;
using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Cutout.Web.Tests;

/// <summary>
/// The web page in a real headless chromium against the server as <c>cutout ui</c> starts it, used the way a
/// person does (pick, look, chat, download) through the data-testid hooks and the controls' labels only.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppTests(WebAppFixture app)
{
    private const int Phone = 390;
    private const int Desktop = 1440;

    private static string Portrait => RepositoryTestData.Real("ccp-0010.jpg");

    [BrowserFact(NeedsPhotos = true)]
    public async Task A_photo_comes_back_as_a_png_with_transparent_corners_and_an_opaque_centre()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        await web.UploadAsync(Portrait);
        await web.WaitForResultsAsync(1);

        var (name, bytes) = await web.DownloadAsync();
        Assert.Equal("ccp-0010.cutout.png", name);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], bytes[..4]);
        using var image = Pixels.Decode(bytes);
        using var source = SKBitmap.Decode(Portrait);
        Assert.Equal((source.Width, source.Height), (image.Width, image.Height));
        Assert.All(Pixels.Corners(image), corner => Assert.Equal(0, corner.Alpha));
        Assert.Equal(255, Pixels.Centre(image).Alpha);
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact(NeedsPhotos = true)]
    public async Task Picking_white_and_jpeg_gives_a_jpeg_with_white_corners_on_a_phone_sized_page()
    {
        await using var web = await WebPage.OpenAsync(app, Phone);
        await web.ChooseEcoAsync();
        await web.Page.GetByLabel("Background", new() { Exact = true }).SelectOptionAsync("colour");
        await web.Page.GetByLabel("Colour (hex or CSS name)").FillAsync("white");
        await web.Page.GetByLabel("Output").SelectOptionAsync("jpeg");
        await web.UploadAsync(Portrait);
        await web.WaitForResultsAsync(1);

        var (name, bytes) = await web.DownloadAsync();
        Assert.Equal("ccp-0010.cutout.jpg", name);
        Assert.Equal([0xFF, 0xD8], bytes[..2]);
        using var image = Pixels.Decode(bytes);
        Assert.All(Pixels.Corners(image), corner => Assert.Equal(new SKColor(255, 255, 255, 255), corner));
        Assert.Equal(0, await web.HorizontalOverflowAsync());
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact(NeedsPhotos = true)]
    public async Task A_corrupt_file_shows_its_error_while_the_other_image_finishes_and_downloads()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        var corrupt = new FilePayload { Name = "broken.jpg", MimeType = "image/jpeg", Buffer = File.ReadAllBytes(Portrait)[..4000] };
        var good = new FilePayload { Name = "portrait.jpg", MimeType = "image/jpeg", Buffer = File.ReadAllBytes(Portrait) };
        await web.UploadAsync(corrupt, good);

        await web.WaitForResultsAsync(1);
        await Expect(web.Page.GetByTestId("error")).ToHaveCountAsync(1);
        await Expect(web.Page.GetByTestId("error")).ToContainTextAsync("corrupt");
        // The error sits on the image that failed.
        await Expect(web.Page.Locator(".card", new() { HasText = "broken.jpg" }).GetByTestId("error")).ToBeVisibleAsync();

        var (name, bytes) = await web.DownloadAsync();
        Assert.Equal("portrait.cutout.png", name);
        using var image = Pixels.Decode(bytes);
        Assert.Equal(255, Pixels.Centre(image).Alpha);

        var zip = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.GetByTestId("download-all").ClickAsync());
        using var archive = ZipFile.OpenRead(await zip.PathAsync());
        var entry = Assert.Single(archive.Entries);
        Assert.Equal("portrait.cutout.png", entry.FullName);
        using var entryStream = entry.Open();
        using var copy = new MemoryStream();
        await entryStream.CopyToAsync(copy);
        Assert.Equal(bytes, copy.ToArray());
    }

    [BrowserFact(NeedsPhotos = true)]
    public async Task Chat_turns_refine_the_result_in_the_pages_session_and_undo_goes_back()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        await web.UploadAsync(Portrait);
        await web.WaitForResultsAsync(1);
        var (firstName, _) = await web.DownloadAsync();
        Assert.EndsWith(".png", firstName);

        await web.SendChatAsync("now on white for Amazon");
        await Expect(web.Page.GetByRole(AriaRole.Table)).ToContainTextAsync("all rules passed", new() { Timeout = WebPage.ResultTimeoutMs });
        await web.WaitForResultsAsync(1);
        var (amazonName, amazonBytes) = await web.DownloadAsync();
        Assert.Equal("ccp-0010.cutout.jpg", amazonName);
        using (var amazon = Pixels.Decode(amazonBytes))
        {
            Assert.Equal((2000, 2000), (amazon.Width, amazon.Height));
            Assert.All(Pixels.Corners(amazon), corner => Assert.Equal(new SKColor(255, 255, 255, 255), corner));
        }

        await web.SendChatAsync("undo");
        await Expect(web.Page.GetByTestId("download")).ToHaveTextAsync("Download PNG", new() { Timeout = WebPage.ResultTimeoutMs });
        var (undoneName, undoneBytes) = await web.DownloadAsync();
        Assert.Equal("ccp-0010.cutout.png", undoneName);
        using var undone = Pixels.Decode(undoneBytes);
        Assert.All(Pixels.Corners(undone), corner => Assert.Equal(0, corner.Alpha));
        await Expect(web.Page.Locator("#chat-log")).ToContainTextAsync("undo");
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact(NeedsPhotos = true)]
    public async Task Everything_works_from_the_keyboard_alone()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.TabToAsync("#mode");
        await web.Page.Keyboard.PressAsync("ArrowDown");
        await Expect(web.Page.GetByLabel("Quality")).ToHaveValueAsync("eco");

        // Listening before the key press makes chromium hand the file dialog to the test from the first press on.
        var chooser = new TaskCompletionSource<IFileChooser>();
        web.Page.FileChooser += (_, opened) => chooser.TrySetResult(opened);
        await web.TabToAsync("[data-testid=file-input]");
        await web.Page.Keyboard.PressAsync("Enter");
        await (await chooser.Task.WaitAsync(TimeSpan.FromSeconds(30))).SetFilesAsync(Portrait);
        await web.WaitForResultsAsync(1);

        await web.TabToAsync("[data-testid=chat-input]");
        await web.Page.Keyboard.TypeAsync("put it on black");
        await web.Page.Keyboard.PressAsync("Enter");
        await web.ChatAnsweredAsync();

        // Back up from the chat box to the result's download link.
        await web.Page.GetByTestId("chat-input").FocusAsync();
        for (int i = 0; i < 40 && !await web.Page.EvaluateAsync<bool>("() => document.activeElement?.dataset.testid === 'download'"); i++)
            await web.Page.Keyboard.PressAsync("Shift+Tab");
        var download = await web.Page.RunAndWaitForDownloadAsync(() => web.Page.Keyboard.PressAsync("Enter"));
        using var image = Pixels.Decode(await File.ReadAllBytesAsync(await download.PathAsync()));
        Assert.All(Pixels.Corners(image), corner => Assert.Equal(new SKColor(0, 0, 0, 255), corner));
    }

    [BrowserFact]
    public async Task The_start_address_hands_its_key_to_the_tab_and_leaves_the_address_bar()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        Assert.DoesNotContain("key=", web.Page.Url);
        Assert.Equal(app.Key, await web.Page.EvaluateAsync<string>("() => sessionStorage.getItem('cutout.apiKey')"));
        await Expect(web.Page.GetByLabel("API key", new() { Exact = true })).ToBeHiddenAsync();
    }

    [BrowserFact(NeedsPhotos = true)]
    public async Task Without_a_key_in_the_address_the_page_asks_for_one_and_works_with_it()
    {
        await using var web = await WebPage.OpenAsync(app, Phone, app.Origin + "");
        var keyField = web.Page.GetByLabel("API key", new() { Exact = true });
        await Expect(keyField).ToBeVisibleAsync();
        await keyField.FillAsync("not-the-key");
        await keyField.PressAsync("Enter");
        await web.ChooseEcoAsync();
        await web.UploadAsync(Portrait);
        await Expect(web.Page.GetByTestId("error").First).ToContainTextAsync("Invalid API key", new() { Timeout = WebPage.ResultTimeoutMs });

        await keyField.FillAsync(app.Key);
        await keyField.PressAsync("Enter");
        await web.UploadAsync(Portrait);
        await web.WaitForResultsAsync(1);
        Assert.Equal(0, await web.HorizontalOverflowAsync());
    }

    [BrowserFact]
    public async Task The_page_allows_no_script_or_style_but_its_own_and_requests_nothing_from_elsewhere()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(app.Origin);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy);
        Assert.Contains("connect-src 'self'", policy);
        Assert.DoesNotContain("unsafe-inline", policy);
        Assert.DoesNotContain("unsafe-eval", policy);

        await using var web = await WebPage.OpenAsync(app, Desktop);
        var violations = new List<string>();
        web.Page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.OrdinalIgnoreCase))
                violations.Add(message.Text);
        };
        await web.Page.ReloadAsync(new() { WaitUntil = WaitUntilState.NetworkIdle });
        await Expect(web.Page.GetByTestId("file-input")).ToBeVisibleAsync();
        Assert.Empty(violations);
        Assert.Contains(web.Requests, url => url.EndsWith("/app/app.js", StringComparison.Ordinal));
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact]
    public async Task A_drawn_product_is_cut_out_and_the_page_shows_it_beside_the_marketplace_checks()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        await web.Page.GetByLabel("Preset").SelectOptionAsync("amazon");
        await web.UploadAsync(new FilePayload { Name = "mug.jpg", MimeType = "image/jpeg", Buffer = SyntheticProduct.MugJpeg() });
        await web.WaitForResultsAsync(1);
        await Expect(web.Page.GetByRole(AriaRole.Table)).ToContainTextAsync("all rules passed");

        var (_, bytes) = await web.DownloadAsync();
        using var image = Pixels.Decode(bytes);
        Assert.Equal((2000, 2000), (image.Width, image.Height));
        Assert.All(Pixels.Corners(image), corner => Assert.Equal(new SKColor(255, 255, 255, 255), corner));
        // The mug's teal body is kept, not whitened away: the centre is far from white.
        var centre = Pixels.Centre(image);
        Assert.True(centre.Red < 120 && centre.Green > centre.Red, $"centre {centre} is not the mug");

        // The picture of the page in the README (docs/web-app.png is a copy of it).
        await web.SendChatAsync("what can you do?");
        await web.Page.EvaluateAsync("() => window.scrollTo(0, 0)");
        await web.Page.ScreenshotAsync(new() { Path = Path.Combine(AppContext.BaseDirectory, "web-app.png") });
    }

    [BrowserFact]
    public async Task An_uploaded_image_becomes_the_background()
    {
        await using var web = await WebPage.OpenAsync(app, Phone);
        await web.ChooseEcoAsync();
        await web.Page.GetByLabel("Background", new() { Exact = true }).SelectOptionAsync("image");
        await web.Page.GetByLabel("Background image").SetInputFilesAsync(new FilePayload
        {
            Name = "red.png", MimeType = "image/png", Buffer = SyntheticProduct.PlainPng(new SKColor(220, 20, 60)),
        });
        await web.UploadAsync(new FilePayload { Name = "mug.jpg", MimeType = "image/jpeg", Buffer = SyntheticProduct.MugJpeg() });
        await web.WaitForResultsAsync(1);

        var (name, bytes) = await web.DownloadAsync();
        Assert.Equal("mug.cutout.jpg", name);
        using var image = Pixels.Decode(bytes);
        Assert.Equal((SyntheticProduct.Width, SyntheticProduct.Height), (image.Width, image.Height));
        Assert.All(Pixels.Corners(image), corner => Assert.True(Math.Abs(corner.Red - 220) + Math.Abs(corner.Green - 20) + Math.Abs(corner.Blue - 60) < 12,
            $"corner {corner} is not the uploaded crimson"));
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact]
    public async Task At_phone_and_desktop_widths_every_control_fits_on_the_screen()
    {
        foreach (int width in new[] { Phone, Desktop })
        {
            await using var web = await WebPage.OpenAsync(app, width);
            Assert.Equal(0, await web.HorizontalOverflowAsync());
            foreach (var control in new[] { web.Page.GetByTestId("file-input"), web.Page.GetByTestId("chat-input"), web.Page.GetByTestId("download-all"),
                web.Page.GetByLabel("Background", new() { Exact = true }), web.Page.GetByLabel("Shadow"), web.Page.GetByLabel("Preset"), web.Page.GetByLabel("Quality"),
                web.Page.GetByLabel("Output") })
            {
                var box = await control.BoundingBoxAsync();
                Assert.NotNull(box);
                Assert.True(box.X >= 0 && box.X + box.Width <= width, $"a control spans {box.X}..{box.X + box.Width} px on a {width} px page");
            }
        }
    }
}
