using Microsoft.Playwright;
using SkiaSharp;
using static Microsoft.Playwright.Assertions;

namespace Cutout.Web.Tests;

/// <summary>
/// One browser tab on the page at a given width, driven only through the page's data-testid hooks and its labels.
/// Every request the tab makes is recorded, so a test can check that none left the server's origin.
/// </summary>
internal sealed class WebPage : IAsyncDisposable
{
    /// <summary>Long enough for a few eco cutouts on a busy 2-core machine.</summary>
    public const float ResultTimeoutMs = 180_000;

    private readonly IBrowserContext _context;
    private readonly List<string> _requests = [];

    private WebPage(IBrowserContext context, IPage page, Uri origin)
    {
        _context = context;
        Page = page;
        Origin = origin;
        page.Request += (_, request) => { lock (_requests) _requests.Add(request.Url); };
    }

    public IPage Page { get; }

    public Uri Origin { get; }

    public IReadOnlyList<string> Requests { get { lock (_requests) return [.. _requests]; } }

    public static async Task<WebPage> OpenAsync(WebAppFixture app, int width, string? address = null)
    {
        var context = await app.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = 900 },
            AcceptDownloads = true,
        });
        var page = await context.NewPageAsync();
        var web = new WebPage(context, page, app.Origin);
        await page.GotoAsync(address ?? app.StartAddress);
        return web;
    }

    /// <summary>Eco mode: these tests are about the page, not about edge quality.</summary>
    public Task ChooseEcoAsync() => Page.GetByLabel("Quality").SelectOptionAsync("eco");

    public Task UploadAsync(params string[] files) => Page.GetByTestId("file-input").SetInputFilesAsync(files);

    public Task UploadAsync(params FilePayload[] files) => Page.GetByTestId("file-input").SetInputFilesAsync(files);

    public async Task WaitForResultsAsync(int count)
    {
        await Expect(Page.GetByTestId("result")).ToHaveCountAsync(count, new() { Timeout = ResultTimeoutMs });
        await Expect(Page.GetByTestId("download")).ToHaveCountAsync(count, new() { Timeout = ResultTimeoutMs });
    }

    /// <summary>Clicks the n-th download link and returns the file's name and bytes.</summary>
    public async Task<(string Name, byte[] Bytes)> DownloadAsync(int index = 0)
    {
        var download = await Page.RunAndWaitForDownloadAsync(() => Page.GetByTestId("download").Nth(index).ClickAsync());
        return (download.SuggestedFilename, await File.ReadAllBytesAsync(await download.PathAsync()));
    }

    /// <summary>Sends a chat message and waits until every image's turn has answered.</summary>
    public async Task SendChatAsync(string message)
    {
        await Page.GetByTestId("chat-input").FillAsync(message);
        await Page.GetByTestId("chat-input").PressAsync("Enter");
        await ChatAnsweredAsync();
    }

    public Task ChatAnsweredAsync() =>
        Expect(Page.Locator("#chat-form")).ToHaveAttributeAsync("aria-busy", "false", new() { Timeout = ResultTimeoutMs });

    /// <summary>Presses Tab until the focused element matches <paramref name="selector"/>; fails if it never does.</summary>
    public async Task TabToAsync(string selector, int maxPresses = 40)
    {
        for (int i = 0; i < maxPresses; i++)
        {
            await Page.Keyboard.PressAsync("Tab");
            if (await Page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector))
                return;
        }
        Assert.Fail($"{selector} was not reached with {maxPresses} presses of Tab.");
    }

    /// <summary>Requests that went anywhere but the server: other origins (blob: and data: URLs stay in the page).</summary>
    public IReadOnlyList<string> RequestsElsewhere() =>
        Requests.Where(url => !url.StartsWith("blob:", StringComparison.Ordinal) && !url.StartsWith("data:", StringComparison.Ordinal)
            && new Uri(url).GetLeftPart(UriPartial.Authority) != Origin.GetLeftPart(UriPartial.Authority)).ToList();

    /// <summary>How far the page reaches past the viewport's right edge, in CSS pixels (0 = no sideways scrolling).</summary>
    public Task<int> HorizontalOverflowAsync() =>
        Page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");

    public async ValueTask DisposeAsync() => await _context.CloseAsync();
}

/// <summary>A downloaded image decoded for pixel checks.</summary>
internal static class Pixels
{
    public static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new InvalidDataException("the download is not an image");

    /// <summary>The four corner pixels and their neighbours a few pixels in.</summary>
    public static IEnumerable<SKColor> Corners(SKBitmap image)
    {
        int w = image.Width - 1, h = image.Height - 1;
        foreach (var (x, y) in new[] { (0, 0), (w, 0), (0, h), (w, h), (3, 3), (w - 3, 3), (3, h - 3), (w - 3, h - 3) })
            yield return image.GetPixel(x, y);
    }

    public static SKColor Centre(SKBitmap image) => image.GetPixel(image.Width / 2, image.Height / 2);
}
