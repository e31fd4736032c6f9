using System.Net.Http.Headers;
using System.Net.Http.Json;
using Cutout.Segmentation;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Cutout.Server.Tests;

/// <summary>
/// The real server on Kestrel, bound to 127.0.0.1 on a free port, with its own data directory and two
/// API keys (Alice's and Bob's). Image URLs may point at loopback (on-premise mode) unless a test says otherwise.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    public const string AliceKey = "alice-test-key-0001";
    public const string BobKey = "bob-test-key-0002";

    private readonly WebApplication _app;
    private readonly bool _ownsDirectory;

    private TestServer(WebApplication app, string dataDirectory, bool ownsDirectory)
    {
        _app = app;
        DataDirectory = dataDirectory;
        _ownsDirectory = ownsDirectory;
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!;
        BaseAddress = new Uri(addresses.Addresses.Single());
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public IServiceProvider Services => _app.Services;

    public static async Task<TestServer> StartAsync(Action<ServerOptions>? configure = null, string? dataDirectory = null, string[]? args = null,
        Action<IServiceCollection>? replaceServices = null)
    {
        bool owns = dataDirectory is null;
        dataDirectory ??= Directory.CreateTempSubdirectory("cutout-server-test-").FullName;
        var app = CutoutServer.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning", .. args ?? []], options =>
        {
            options.DataDirectory = dataDirectory;
            options.ApiKeys = [AliceKey, BobKey];
            options.ModelStore = TestModels.Store;
            options.Device = ExecutionDevice.Cpu;
            options.Images = options.Images with { AllowPrivateNetworks = true };
            configure?.Invoke(options);
        }, replaceServices);
        await app.StartAsync();
        return new TestServer(app, dataDirectory, owns);
    }

    /// <summary>A client sending <paramref name="apiKey"/> (none when null), as curl would.</summary>
    public HttpClient Client(string? apiKey = AliceKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromMinutes(10) };
        if (apiKey is not null)
            client.DefaultRequestHeaders.Add("X-API-Key", apiKey);
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return client;
    }

    public async Task<ChatTranscript> ChatAsync(object body, string? apiKey = AliceKey)
    {
        using var client = Client(apiKey);
        using var response = await client.PostAsJsonAsync("/chat", body);
        return await ChatTranscript.ReadAsync(response);
    }

    public async Task StopAsync() => await _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        if (_ownsDirectory)
            Directory.Delete(DataDirectory, recursive: true);
    }
}
