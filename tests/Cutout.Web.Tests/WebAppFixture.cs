using Cutout.Cli.Commands;
using Cutout.Evaluation;
using Cutout.Segmentation;
using Microsoft.Playwright;

namespace Cutout.Web.Tests;

/// <summary>
/// What every browser test shares: the server exactly as <c>cutout ui</c> starts it (loopback, a free port, a
/// one-time key in the printed address, a temporary data folder) and one headless Debian chromium.
/// </summary>
public sealed class WebAppFixture : IAsyncLifetime
{
    /// <summary>Debian's chromium, which .ci/install-deps installs; Playwright's own browser downloads are never used.</summary>
    public const string ChromiumPath = "/usr/bin/chromium";

    private LocalUi? _ui;
    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary><c>http://127.0.0.1:PORT/?key=KEY</c>, as <c>cutout ui</c> prints it.</summary>
    public string StartAddress => _ui!.Address;

    /// <summary>The private HTML file <c>cutout ui</c> opens the browser with, which sends it on to <see cref="StartAddress"/>.</summary>
    public string RedirectFile => _ui!.RedirectFile;

    public Uri Origin => new(new Uri(StartAddress).GetLeftPart(UriPartial.Authority));

    public string Key => StartAddress[(StartAddress.IndexOf("?key=", StringComparison.Ordinal) + "?key=".Length)..];

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            return;
        _ui = await LocalUi.StartAsync(port: 0, dataDirectory: null, ["--Logging:LogLevel:Default=Warning"], options =>
        {
            options.ModelStore = NpmModelStore.FromEnvironment();
            options.Device = ExecutionDevice.Cpu;
        });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions { ExecutablePath = ChromiumPath, Headless = true });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
        if (_ui is not null)
            await _ui.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class WebAppCollection : ICollectionFixture<WebAppFixture>
{
    public const string Name = "web app";
}

/// <summary>
/// A test that needs the browser (and, with <see cref="NeedsPhotos"/>, the developers' photos); skipped, saying
/// why, where either is missing.
/// </summary>
public sealed class BrowserFactAttribute : FactAttribute
{
    public bool NeedsPhotos { get; set; }

    public override string? Skip
    {
        get => base.Skip
            ?? (!File.Exists(WebAppFixture.ChromiumPath)
                ? $"Debian's chromium is not installed at {WebAppFixture.ChromiumPath} (.ci/install-deps installs it from .ci/debian-packages)."
                : NeedsPhotos && !TestPhotos.Available ? TestPhotos.MissingReason : null);
        set => base.Skip = value;
    }
}
