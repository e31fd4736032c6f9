using System.Diagnostics;
using System.Text.Json;

namespace Cutout.Server.Tests.Clients;

/// <summary>
/// The real npm client libraries in tests/clients (pinned by its package-lock.json), installed once per run
/// with <c>npm ci</c> and driven by node scripts against the loopback test server.
/// </summary>
internal static class NodeClients
{
    public static string Directory { get; } = FindClientsDirectory();

    private static readonly Lazy<Task> Installed = new(InstallAsync);

    /// <summary>Runs <c>node ARGS</c> in tests/clients and parses the JSON it prints.</summary>
    public static async Task<JsonElement> RunAsync(IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        await Installed.Value;
        var output = await RunProcessAsync("node", arguments, environment, TimeSpan.FromMinutes(5));
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    /// <summary>
    /// <c>npm ci</c> unless node_modules already matches the lock file (npm writes its copy of the lock into
    /// node_modules/.package-lock.json). Offline-safe: packages come from the npm cache when they are there.
    /// </summary>
    private static async Task InstallAsync()
    {
        var installedLock = Path.Combine(Directory, "node_modules", ".package-lock.json");
        if (File.Exists(installedLock) && File.GetLastWriteTimeUtc(installedLock) >= File.GetLastWriteTimeUtc(Path.Combine(Directory, "package-lock.json")))
            return;
        await RunProcessAsync("npm", ["ci", "--prefer-offline", "--no-audit", "--no-fund"], null, TimeSpan.FromMinutes(5));
    }

    private static async Task<string> RunProcessAsync(string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = Directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
            start.Environment[name] = value;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{program} could not be started");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} {string.Join(' ', start.ArgumentList)} ran over {timeout}");
        }
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{program} exited with {process.ExitCode}: {await stderr}");
        return await stdout;
    }

    private static string FindClientsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cutout.sln")))
                return Path.Combine(dir.FullName, "tests", "clients");
        throw new DirectoryNotFoundException("tests/clients not found above " + AppContext.BaseDirectory);
    }
}
