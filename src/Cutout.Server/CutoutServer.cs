using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Chat.Sessions;
using Cutout.Segmentation;
using Cutout.Server.Endpoints;
using Cutout.Server.Endpoints.OpenAi;
using Cutout.Server.Endpoints.RemoveBg;
using Cutout.Server.Limits;
using Cutout.Server.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics;

namespace Cutout.Server;

/// <summary>
/// The chat HTTP server as a library: <c>cutout serve</c> (and the tests) build it here and run it.
/// <code>
/// var app = CutoutServer.Build(args, options => options.DataDirectory = "/var/lib/cutout");
/// await app.RunAsync();   // --urls http://127.0.0.1:8080 (or ASPNETCORE_URLS) picks the address
/// </code>
/// </summary>
public static class CutoutServer
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

        var options = new ServerOptions();
        builder.Configuration.GetSection(ServerOptions.SectionName).Bind(options);
        configure?.Invoke(options);
        var keys = ApiKeyRegistry.FromOptions(options, builder.Configuration[ApiKeysVariable]);
        if (keys.Count == 0 && !options.AllowKeylessLoopback)
            throw new InvalidOperationException(
                $"No API keys are configured: set {ApiKeysVariable}=key1,key2 or Cutout:ApiKeysFile (SHA-256 hex digests, one per line).");

        if (options.AllowKeylessLoopback)
            KeylessLoopback.CheckConfiguredUrls(builder.Configuration["urls"]);
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        AddServices(builder.Services, options, keys);

        var app = builder.Build();
        app.UseRequestId();
        app.UseExceptionHandler(errors => errors.Run(WriteUnhandledErrorAsync));
        app.UseRouting();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseRateLimitHeaders();

        app.MapOpenApi().AllowAnonymous().DisableRateLimiting();
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

    private static void AddServices(IServiceCollection services, ServerOptions options, ApiKeyRegistry keys)
    {
        Directory.CreateDirectory(options.DataDirectory);
        services.AddSingleton(options);
        services.AddSingleton(keys);
        services.AddSingleton(TimeProvider.System);

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddPerKeyRateLimiting(options);
        services.AddOpenApi();

        services.AddSingleton(new ResultStore(Path.Combine(options.DataDirectory, "results")));
        services.AddSingleton(ResultUrlSigner.LoadOrCreate(Path.Combine(options.DataDirectory, "url-signing.key")));
        services.AddSingleton<ResultLinks>();
        services.AddSingleton(new ConversationIndex(Path.Combine(options.DataDirectory, "conversations")));
        services.AddSingleton<ISessionStore>(new SqliteSessionStore(new SessionStoreOptions { DataDirectory = options.DataDirectory }));
        services.AddSingleton(new GuardedImageDownloader(options.Images, options.HostResolver));
        services.AddSingleton(sp => new ImageFetcher(options.Images, sp.GetRequiredService<GuardedImageDownloader>(),
            sp.GetRequiredService<ResultStore>(), sp.GetRequiredService<ResultUrlSigner>()));
        var modelStore = options.ModelStore ?? NpmModelStore.FromEnvironment();
        services.AddSingleton(new Remover(new RemoverSettings
        {
            ModelStore = modelStore,
            Device = options.Device,
            OptimizedModels = modelStore is NpmModelStore npm ? OptimizedModelCache.Beside(npm) : null,
        }));
        services.AddSingleton(new ChatPlanner(options.Images));
        services.AddSingleton<ChatService>();
        services.AddSingleton<WorkQueue>();
        services.AddSingleton<DirectCutouts>();
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
