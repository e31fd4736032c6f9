using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;
using Cutout.Segmentation;
using Cutout.Server.Endpoints;
using Cutout.Cluster.Storage;
using Cutout.Server.Endpoints.OpenAi;
using Cutout.Server.Endpoints.RemoveBg;
using Cutout.Server.Limits;
using Cutout.Server.Metrics;
using OpenTelemetry.Metrics;
using Cutout.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.Configuration.Memory;

namespace Cutout.Server;

/// <summary>
/// The chat HTTP server as a library: <c>cutout serve</c> (and the tests) build it here and run it.
/// <code>
/// var app = CutoutServer.Build(args, options => options.DataDirectory = "/var/lib/cutout");
/// await app.RunAsync();   // --urls http://127.0.0.1:8080 (or ASPNETCORE_URLS) picks the address
/// </code>
/// </summary>
internal static class CutoutServer
{
    public const string ApiKeysVariable = "CUTOUT_API_KEYS";

    /// <param name="args">Host arguments (<c>--urls</c>, <c>--Cutout:RequestsPerMinute=60</c>, ...).</param>
    /// <param name="configure">Adjusts the options after configuration is bound (the CLI's flags, tests' fixtures).</param>
    public static WebApplication Build(string[] args, Action<ServerOptions>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(CutoutServer).Assembly.GetName().Name,
        });

        // Framework request logs would repeat each request at Information, raw paths included; ours is one
        // sanitised line (RequestLogMiddleware). Inserted first, so any configuration source can override it.
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource
        {
            InitialData = new Dictionary<string, string?> { ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning" },
        });

        var options = new ServerOptions();
        builder.Configuration.GetSection(ServerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var keys = ApiKeyRegistry.FromOptions(options, builder.Configuration[ApiKeysVariable]);
        var cluster = options.Store is null ? null : ClusterBackends.ConnectAsync(options, CancellationToken.None).GetAwaiter().GetResult();
        if (cluster is not null)
            keys = cluster.ShareKeysAsync(keys, CancellationToken.None).GetAwaiter().GetResult();
        if (keys.Count == 0 && !options.AllowKeylessLoopback)
            throw new InvalidOperationException(
                $"No API keys are configured: set {ApiKeysVariable}=key1,key2 or Cutout:ApiKeysFile (SHA-256 hex digests, one per line)"
                + (cluster is null ? "." : "; with a shared store, keys given to any replica are accepted by all."));
        if (options.Broker is not null && options.Store is null)
            throw new InvalidOperationException("Cutout:Broker needs Cutout:Store: workers hand results back through the shared database.");

        if (options.AllowKeylessLoopback)
            KeylessLoopback.CheckConfiguredUrls(builder.Configuration["urls"]);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
            kestrel.AddServerHeader = false;
        });
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        AddServices(builder.Services, options, keys, cluster);

        var app = builder.Build();
        app.UseRequestId();
        app.UseRequestLog();
        app.UseExceptionHandler(errors => errors.Run(WriteUnhandledErrorAsync));
        app.UseRouting();
        app.UseFailedLoginThrottle(options);
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRateLimitHeaders();

        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
        app.MapPrometheusScrapingEndpoint("/metrics").AllowAnonymous().DisableRateLimiting();
        app.MapHealthEndpoints();
        app.MapChatEndpoints();
        app.MapMemoryEndpoints();
        app.MapFileEndpoints();
        app.MapWebAppEndpoints();
        app.MapRemoveBgEndpoints();
        app.MapRembgEndpoints();
        app.MapOpenAiEndpoints();
        return app;
    }

    private static void AddServices(IServiceCollection services, ServerOptions options, ApiKeyRegistry keys, ClusterBackends? cluster)
    {
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(TimeProvider.System);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddOpenApi();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(CutoutMetrics.MeterName).AddPrometheusExporter());
        services.AddSingleton<CutoutMetrics>();

        if (cluster is null)
        {
            services.AddPerKeyRateLimiting(options);
            var files = new ResultStore(Path.Combine(options.DataDirectory, "results"));
            services.AddSingleton(files);
            services.AddSingleton<IImageStore>(files);
            services.AddSingleton(ResultUrlSigner.LoadOrCreate(Path.Combine(options.DataDirectory, "url-signing.key")));
            var sessions = new SqliteSessionStore(new SessionStoreOptions { DataDirectory = options.DataDirectory });
            // Before any request: sessions a killed process was working on are usable at once.
            sessions.ReleaseAbandonedLeasesAsync().GetAwaiter().GetResult();
            services.AddSingleton<ISessionStore>(sessions);
        }
        else
        {
            cluster.AddTo(services);
            services.AddPerKeyRateLimiting(options, new SharedRateWindows(cluster.Database));
        }
        services.AddSingleton<ResultLinks>();
        services.AddSingleton(new ConversationIndex(Path.Combine(options.DataDirectory, "conversations")));
        services.AddSingleton(new GuardedImageDownloader(options.Images, options.HostResolver));
        services.AddSingleton(sp => new ImageFetcher(options.Images, sp.GetRequiredService<GuardedImageDownloader>(),
            sp.GetRequiredService<IImageStore>(), sp.GetRequiredService<ResultUrlSigner>()));
        var modelStore = options.ModelStore ?? NpmModelStore.FromEnvironment();
        services.AddSingleton(new Remover(new RemoverSettings
        {
            ModelStore = modelStore,
            Device = options.Device,
            OptimizedModels = modelStore is NpmModelStore npm ? OptimizedModelCache.Beside(npm) : null,
        }));
        if (cluster?.Jobs is null)
            services.AddSingleton<ICutoutRunner>(sp => new InProcessCutoutRunner(sp.GetRequiredService<Remover>()));
        services.AddSingleton(new ChatPlanner(options.Images));
        services.AddSingleton(sp => new ChatService(sp.GetRequiredService<ChatPlanner>(), sp.GetRequiredService<ISessionStore>(),
            sp.GetRequiredService<ImageFetcher>(), sp.GetRequiredService<IImageStore>(),
            new MeasuredCutoutRunner(sp.GetRequiredService<ICutoutRunner>(), sp.GetRequiredService<CutoutMetrics>()),
            sp.GetRequiredService<ILogger<ChatService>>()));
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<DirectCutouts>();
        services.AddSingleton<LargeBodyGate>();
        services.AddHostedService<DataRetentionService>();
        if (options.AllowKeylessLoopback)
            services.AddHostedService<KeylessLoopbackGuard>();
    }

    /// <summary>Unexpected failures outside a chat stream: a JSON detail and the request id, never a stack trace.</summary>
    private static async Task WriteUnhandledErrorAsync(HttpContext context)
    {
        var error = context.Features.Get<IExceptionHandlerFeature>()?.Error;
        if (error is BadHttpRequestException bad)
        {
            context.Response.StatusCode = bad.StatusCode;
            await context.Response.WriteAsJsonAsync(new ErrorBody(bad.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? "The request body is larger than this server accepts." : bad.Message));
            return;
        }
        context.Response.StatusCode = StatusCodes.Status500InternalServerError;
        await context.Response.WriteAsJsonAsync(new ErrorBody($"Internal server error (request {context.TraceIdentifier})."));
    }
}
