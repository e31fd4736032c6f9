using Microsoft.Playwright;
using SkiaSharp;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Cutout.Web.Tests;

/// <summary>
/// The before/after slider compares the same pixels when a preset changed the canvas, and the chat changes only
/// the images ticked for it.
/// </summary>
[Collection(WebAppCollection.Name)]
public sealed class CompareAndChatTargetTests(WebAppFixture app, ITestOutputHelper output)
{
    private const int Desktop = 1440;

    [BrowserFact]
    public async Task On_a_marketplace_square_the_original_under_the_slider_lines_up_with_the_cutout()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        await web.Page.GetByLabel("Preset").SelectOptionAsync("amazon");
        await web.UploadAsync(new FilePayload { Name = "mug.jpg", MimeType = "image/jpeg", Buffer = SyntheticProduct.MugJpeg() });
        await web.WaitForResultsAsync(1);

        var compare = web.Page.Locator(".compare");
        var slider = web.Page.Locator(".compare-slider");
        await slider.FillAsync("0");
        using var after = SKBitmap.Decode(await compare.ScreenshotAsync());
        await slider.FillAsync("100");
        using var before = SKBitmap.Decode(await compare.ScreenshotAsync());

        // Inside the mug (the teal part of the white-backed result, its middle half) both show the mug's colours.
        var mug = TealBox(after);
        Assert.True(mug.Width > after.Width / 5 && mug.Width < after.Width * 0.9, $"no mug found in the result ({mug})");
        double difference = MeanDifference(after, before, SKRectI.Inflate(mug, -mug.Width / 4, -mug.Height / 4));
        output.WriteLine($"mug box {mug} on a {after.Width}x{after.Height} view; mean difference before/after {difference:F1} levels");
        // Measured: 0.6 levels placed; 46.6 with both shown whole ("contain"), as the page did before.
        Assert.True(difference < 12, $"before and after differ by {difference:F1} levels inside the mug: they do not line up");
    }

    [BrowserFact]
    public async Task The_chat_changes_only_the_ticked_images_and_says_so_when_none_is_ticked()
    {
        await using var web = await WebPage.OpenAsync(app, Desktop);
        await web.ChooseEcoAsync();
        await web.UploadAsync(
            new FilePayload { Name = "first.jpg", MimeType = "image/jpeg", Buffer = SyntheticProduct.MugJpeg() },
            new FilePayload { Name = "second.jpg", MimeType = "image/jpeg", Buffer = SyntheticProduct.MugJpeg() });
        await web.WaitForResultsAsync(2);

        await web.Page.GetByLabel("Chat changes second.jpg").UncheckAsync();
        await web.SendChatAsync("put it on a black background");
        await web.WaitForResultsAsync(2);
        using (var first = Pixels.Decode((await web.DownloadAsync(0)).Bytes))
            Assert.All(Pixels.Corners(first), corner => Assert.True(corner.Alpha == 255 && corner.Red + corner.Green + corner.Blue < 12, $"corner {corner} is not black"));
        using (var second = Pixels.Decode((await web.DownloadAsync(1)).Bytes))
            Assert.All(Pixels.Corners(second), corner => Assert.Equal(0, corner.Alpha));

        await web.Page.GetByLabel("Chat changes first.jpg").UncheckAsync();
        await web.SendChatAsync("make it white");
        await Expect(web.Page.Locator("#chat-log")).ToContainTextAsync("No image is selected");
        Assert.Empty(web.RequestsElsewhere());
    }

    [BrowserFact]
    public async Task The_browser_opened_with_cutout_uis_private_redirect_file_lands_on_the_page_with_the_key()
    {
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(app.RedirectFile));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(Path.GetDirectoryName(app.RedirectFile)!));
        }
        await using var web = await WebPage.OpenAsync(app, Desktop, new Uri(app.RedirectFile).AbsoluteUri);
        await web.Page.WaitForURLAsync(url => url.StartsWith(app.Origin.ToString(), StringComparison.Ordinal));
        await Expect(web.Page.GetByTestId("file-input")).ToBeVisibleAsync();
        Assert.DoesNotContain("key=", web.Page.Url);
        Assert.Equal(app.Key, await web.Page.EvaluateAsync<string>("() => sessionStorage.getItem('cutout.apiKey')"));
    }

    /// <summary>The box of the teal pixels, leaving out the slider's divider line along the left edge.</summary>
    private static SKRectI TealBox(SKBitmap image)
    {
        int left = image.Width, top = image.Height, right = -1, bottom = -1;
        for (int y = 0; y < image.Height; y++)
            for (int x = 4; x < image.Width; x++)
            {
                var c = image.GetPixel(x, y);
                if (c.Green - c.Red < 40)
                    continue;
                (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
            }
        return right < 0 ? SKRectI.Empty : new SKRectI(left, top, right + 1, bottom + 1);
    }

    private static double MeanDifference(SKBitmap a, SKBitmap b, SKRectI region)
    {
        double sum = 0;
        int count = 0;
        for (int y = region.Top; y < region.Bottom; y++)
            for (int x = region.Left; x < region.Right; x++)
            {
                SKColor p = a.GetPixel(x, y), q = b.GetPixel(x, y);
                sum += (Math.Abs(p.Red - q.Red) + Math.Abs(p.Green - q.Green) + Math.Abs(p.Blue - q.Blue)) / 3.0;
                count++;
            }
        return sum / count;
    }
}
