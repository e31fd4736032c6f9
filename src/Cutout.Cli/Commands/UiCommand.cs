using System.CommandLine;
using System.Diagnostics;
using System.Security.Cryptography;
using Cutout.Segmentation;
using Cutout.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary>
/// <c>cutout ui</c>: the web page on this machine in one command, the way Jupyter starts. The server listens on
/// loopback only and accepts one key made for this run, which the printed address carries (<c>/?key=…</c>);
/// the key is never written anywhere, so the address stops working when the command ends.
/// </summary>
internal static class UiCommand
{
    public static Command Create()
    {
        var port = new Option<int>("--port") { Description = "Port on 127.0.0.1 (default: a free one).", DefaultValueFactory = _ => 0 };
        var dataDir = new Option<string?>("--data-dir") { Description = "Keep results and sessions here (default: a temporary folder removed on exit)." };
        var noBrowser = new Option<bool>("--no-browser") { Description = "Print the address only; do not open a browser." };
        var device = new Option<ExecutionDevice>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => ExecutionDevice.Auto };
        var command = new Command("ui", "Open the web page (drag-and-drop background removal) on this machine, with a one-time key in its address.")
        {
            port, dataDir, noBrowser, device,
        };
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = NpmModelStore.FromEnvironment();
            await EngineFactory.EnsureModelAsync(store, ModelCatalog.IsNetFp16, cancellationToken);
            // Server logs go to stderr with the messages, so stdout carries the address alone.
            string[] serverArgs = ["--Logging:Console:LogToStandardErrorThreshold=Trace", .. parse.UnmatchedTokens];
            await using var ui = await LocalUi.StartAsync(parse.GetValue(port), parse.GetValue(dataDir), serverArgs, options =>
            {
                options.ModelStore = store;
                options.Device = parse.GetValue(device);
            });

            Console.Out.WriteLine(ui.Address);
            CliRunner.Console.MarkupLineInterpolated($"Cutout web page: open [bold]{ui.Address}[/] (the key in it works until this command stops). Ctrl+C stops it.");
            if (!parse.GetValue(noBrowser) && HasDesktop() && !TryOpenBrowser(ui.Address))
                CliRunner.Console.MarkupLine("[yellow]Could not start a browser (xdg-open); open the address yourself.[/]");
            await ui.App.WaitForShutdownAsync(cancellationToken);
            return CliRunner.Success;
        });
        return command;
    }

    private static bool HasDesktop() =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DISPLAY")) || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("WAYLAND_DISPLAY"));

    private static bool TryOpenBrowser(string address)
    {
        try
        {
            using var opener = Process.Start(new ProcessStartInfo("xdg-open", [address])
            {
                UseShellExecute = false,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            return opener is not null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}

/// <summary>The server of <c>cutout ui</c>, started: its page's address with the run's key, and the running app.</summary>
internal sealed class LocalUi : IAsyncDisposable
{
    private readonly string? _temporaryData;

    private LocalUi(WebApplication app, string address, string? temporaryData)
    {
        App = app;
        Address = address;
        _temporaryData = temporaryData;
    }

    public WebApplication App { get; }

    /// <summary><c>http://127.0.0.1:PORT/?key=KEY</c>.</summary>
    public string Address { get; }

    /// <param name="port">0 for a free port.</param>
    /// <param name="dataDirectory">null for a temporary folder, removed when this is disposed.</param>
    public static async Task<LocalUi> StartAsync(int port, string? dataDirectory, string[] serverArgs, Action<ServerOptions>? configure = null)
    {
        string? temporary = dataDirectory is null ? Directory.CreateTempSubdirectory("cutout-ui-").FullName : null;
        var key = "ui_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var app = CutoutServer.Build(["--urls", $"http://127.0.0.1:{port}", .. serverArgs], options =>
        {
            options.DataDirectory = Path.GetFullPath(dataDirectory ?? temporary!);
            configure?.Invoke(options);
            // This run's key replaces the configured ones (settings, keys file) of a `cutout serve` on this machine.
            options.ApiKeys = [key];
            options.ApiKeysFile = null;
        });
        await app.StartAsync();
        var listening = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return new LocalUi(app, $"http://127.0.0.1:{listening.Port}/?key={key}", temporary);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
        if (_temporaryData is not null)
            Directory.Delete(_temporaryData, recursive: true);
    }
}
