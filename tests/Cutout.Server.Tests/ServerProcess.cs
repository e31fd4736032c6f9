using Cutout.Evaluation;

namespace Cutout.Server.Tests;

/// <summary>
/// <c>cutout serve</c> as its own process on a free loopback port with Alice's key, so a test can kill it with SIGKILL
/// (as a crash or the OOM killer would) and read its peak resident memory from <c>/proc</c>.
/// </summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly CutoutProcess _process;

    private ServerProcess(CutoutProcess process, Uri baseAddress) => (_process, BaseAddress) = (process, baseAddress);

    public Uri BaseAddress { get; }

    public static async Task<ServerProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        var process = CutoutProcess.Start("cutout serve", ["serve", "--urls", baseAddress.ToString().TrimEnd('/'), "--data-dir", dataDirectory,
            "--api-key", TestServer.AliceKey, "--allow-private-networks", "--device", "cpu", .. settings]);
        try
        {
            await process.WaitUntilHealthyAsync(baseAddress, TimeSpan.FromMinutes(5));
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
        return new ServerProcess(process, baseAddress);
    }

    public HttpClient Client(string? apiKey = TestServer.AliceKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(5) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        return client;
    }

    /// <inheritdoc cref="CutoutProcess.Memory"/>
    public (long Now, long Peak) Memory() => _process.Memory();

    /// <inheritdoc cref="CutoutProcess.KillHard"/>
    public void Kill() => _process.KillHard();

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
