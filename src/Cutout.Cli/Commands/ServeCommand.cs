using System.CommandLine;
using System.Security.Cryptography;
using Cutout.Segmentation;
using Cutout.Server;
using Microsoft.Extensions.Hosting;
using Spectre.Console;

namespace Cutout.Cli.Commands;

/// <summary><c>cutout serve</c>: the each::sense-compatible chat API on this machine.</summary>
internal static class ServeCommand
{
    private const string GeneratedKeysFile = "api-keys.sha256";

    public static Command Create()
    {
        var urls = new Option<string>("--urls") { Description = "Addresses to listen on.", DefaultValueFactory = _ => "http://127.0.0.1:8080" };
        var dataDir = new Option<string?>("--data-dir") { Description = "Results, sessions (SQLite) and keys (default: ~/.local/share/cutout/server)." };
        var apiKeys = new Option<string[]>("--api-key") { Description = "An accepted API key (repeatable; also CUTOUT_API_KEYS=k1,k2).", AllowMultipleArgumentsPerToken = false };
        var allowPrivate = new Option<bool>("--allow-private-networks") { Description = "Let image URLs reach loopback/private addresses (on-premise use only)." };
        var keylessLoopback = new Option<bool>("--keyless-loopback") { Description = "Accept requests without a key from this machine (rembg-style local use); only on a loopback --urls." };
        var trustedProxies = new Option<string[]>("--trusted-proxy") { Description = "A reverse proxy whose X-Forwarded-For/-Proto are believed: an address or a network such as 10.0.0.0/8 (repeatable).", AllowMultipleArgumentsPerToken = false };
        var device = new Option<ExecutionDevice>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => ExecutionDevice.Auto };
        var cluster = new ClusterArguments();
        var command = new Command("serve", "Run the chat API server (POST /chat, /memory, /sessions, /files, /healthz, /openapi/v1.json) with drop-in remove.bg (/v1.0/removebg), rembg (/api/remove) and OpenAI (/v1/chat/completions) APIs. Extra --Cutout:Name=value settings are passed to the server configuration.")
        {
            urls, dataDir, apiKeys, allowPrivate, keylessLoopback, trustedProxies, device,
        };
        cluster.AddTo(command);
        command.TreatUnmatchedTokensAsErrors = false;

        command.SetAction(async (parse, cancellationToken) =>
        {
            var store = NpmModelStore.FromEnvironment();
            string? sharedStore = parse.GetValue(cluster.Store), broker = parse.GetValue(cluster.Broker);
            // With a broker the workers need the model, not the server.
            if (broker is null)
                await EngineFactory.EnsureModelAsync(store, ModelCatalog.IsNetFp16, cancellationToken);

            string? generatedKey = null, keyFile = null;
            var app = CutoutServer.Build(["--urls", parse.GetValue(urls)!, .. parse.UnmatchedTokens], options =>
            {
                if (parse.GetValue(dataDir) is { } directory)
                    options.DataDirectory = Path.GetFullPath(directory);
                options.ApiKeys.AddRange(parse.GetValue(apiKeys) ?? []);
                options.Images = options.Images with { AllowPrivateNetworks = options.Images.AllowPrivateNetworks || parse.GetValue(allowPrivate) };
                options.AllowKeylessLoopback |= parse.GetValue(keylessLoopback);
                options.TrustedProxies.AddRange(parse.GetValue(trustedProxies) ?? []);
                options.Device = parse.GetValue(device);
                options.ModelStore = store;
                options.Store = sharedStore ?? options.Store;
                options.Broker = broker ?? options.Broker;
                // With a shared store the keys live in the database; a replica must not invent one of its own.
                if (options.Store is null && options.ApiKeys.Count == 0 && options.ApiKeysFile is null && string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(CutoutServer.ApiKeysVariable)))
                    options.ApiKeysFile = keyFile = EnsureGeneratedKey(options.DataDirectory, out generatedKey);
            });

            // A port in use ends here as one line (CliRunner), before anything claims the server runs.
            await app.StartAsync(cancellationToken);
            CliRunner.Console.MarkupLineInterpolated($"Cutout chat server on [bold]{parse.GetValue(urls)}[/] (POST /chat, OpenAPI at /openapi/v1.json). Ctrl+C stops it.");
            if (generatedKey is not null)
                CliRunner.Console.MarkupLineInterpolated($"No API key was configured, so one was made: [bold yellow]{generatedKey}[/] (send it as X-API-Key; only its hash is kept, in {keyFile}).");
            await app.WaitForShutdownAsync(cancellationToken);
            return CliRunner.Success;
        });
        return command;
    }

    /// <summary>
    /// The first start without any configured key makes one and keeps only its SHA-256, so the key is shown
    /// exactly once; later starts reuse the hash file.
    /// </summary>
    private static string EnsureGeneratedKey(string dataDirectory, out string? newKey)
    {
        Directory.CreateDirectory(dataDirectory);
        string path = Path.Combine(dataDirectory, GeneratedKeysFile);
        newKey = null;
        if (File.Exists(path))
            return path;
        newKey = "ck_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        File.WriteAllText(path, $"# SHA-256 of the API key generated by 'cutout serve' on {DateTime.UtcNow:O}\n{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(newKey)))}\n");
        return path;
    }
}
