using Cutout.Chat.Execution;
using Cutout.Chat.Sessions;
using Cutout.Cluster.Jobs;
using Cutout.Server.Metrics;
using Cutout.Cluster.Storage;
using Cutout.Server.Security;

namespace Cutout.Server;

/// <summary>
/// What a replica shares with the others when <see cref="ServerOptions.Store"/> (and <see cref="ServerOptions.Broker"/>)
/// are set: the database, and the broker with this replica's job client. Connected once at start-up, so a
/// wrong address stops the server at once with a clear message instead of failing requests later.
/// </summary>
internal sealed class ClusterBackends : IAsyncDisposable
{
    private const string LinkSigningSecret = "url-signing-key";

    private ClusterBackends(ClusterDatabase database, JobBroker? broker, JobClient? jobs)
    {
        Database = database;
        Broker = broker;
        Jobs = jobs;
    }

    public ClusterDatabase Database { get; }

    public JobBroker? Broker { get; }

    public JobClient? Jobs { get; }

    public static async Task<ClusterBackends> ConnectAsync(ServerOptions options, CancellationToken cancellationToken)
    {
        var store = options.Store ?? throw new InvalidOperationException("Cutout:Store is not set.");
        ClusterDatabase database;
        try
        {
            database = await ClusterDatabase.OpenAsync(store, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or FormatException or ArgumentException)
        {
            throw new InvalidOperationException($"The store {StoreAddress.Redact(store)} cannot be used: {e.Message}", e);
        }
        if (options.Broker is not { } address)
            return new ClusterBackends(database, null, null);
        try
        {
            var broker = await JobBroker.ConnectAsync(address, $"cutout-serve@{Environment.MachineName}", cancellationToken).ConfigureAwait(false);
            var jobs = await JobClient.StartAsync(broker, new JobResults(database), cancellationToken).ConfigureAwait(false);
            return new ClusterBackends(database, broker, jobs);
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or FormatException)
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"The broker {StoreAddress.Redact(address)} cannot be reached: {e.Message}", e);
        }
    }

    /// <summary>The configured keys joined to those other replicas registered: every replica accepts the same keys.</summary>
    public async Task<ApiKeyRegistry> ShareKeysAsync(ApiKeyRegistry configured, CancellationToken cancellationToken)
    {
        await Database.AddApiKeyDigestsAsync(configured.Digests, cancellationToken).ConfigureAwait(false);
        return new ApiKeyRegistry(await Database.ApiKeyDigestsAsync(cancellationToken).ConfigureAwait(false));
    }

    public void AddTo(IServiceCollection services)
    {
        // Registered by factory so the container owns it and closes the connections when the server stops.
        services.AddSingleton(_ => this);
        services.AddSingleton(Database);
        services.AddSingleton<IImageStore>(new PostgresImageStore(Database));
        services.AddSingleton<ISessionStore>(new PostgresSessionStore(Database, new SessionStoreOptions { DataDirectory = "" }));
        // Links signed by one replica must verify on every other.
        services.AddSingleton(new ResultUrlSigner(Database.GetOrCreateSecretAsync(LinkSigningSecret, 32, CancellationToken.None).GetAwaiter().GetResult()));
        services.AddSingleton<IDependencyProbe>(new StoreProbe(Database));
        if (Broker is not null && Jobs is not null)
        {
            services.AddSingleton(Broker);
            services.AddSingleton(Jobs);
            services.AddSingleton<ICutoutRunner>(new BrokerCutoutRunner(Jobs));
            services.AddSingleton<IDependencyProbe>(new BrokerProbe(Broker));
            services.AddHostedService<QueueDepthSampler>();
        }
        services.AddHostedService<SharedKeyRefresher>();
    }

    public async ValueTask DisposeAsync()
    {
        if (Jobs is not null)
            await Jobs.DisposeAsync().ConfigureAwait(false);
        if (Broker is not null)
            await Broker.DisposeAsync().ConfigureAwait(false);
        await Database.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Picks up keys that replicas started later registered, so every replica soon accepts every key.</summary>
    private sealed class SharedKeyRefresher(ClusterDatabase database, ApiKeyRegistry keys, ILogger<SharedKeyRefresher> logger) : BackgroundService
    {
        private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            using var timer = new PeriodicTimer(Interval);
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    keys.Replace(await database.ApiKeyDigestsAsync(stoppingToken));
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    logger.LogWarning("Could not refresh the shared API keys: {Error}", e.Message);
                }
            }
        }
    }

    private sealed class StoreProbe(ClusterDatabase database) : IDependencyProbe
    {
        public string Name => "store";

        public Task<string?> ProbeAsync(CancellationToken cancellationToken) => database.ProbeAsync(cancellationToken);
    }

    private sealed class BrokerProbe(JobBroker broker) : IDependencyProbe
    {
        public string Name => "broker";

        public Task<string?> ProbeAsync(CancellationToken cancellationToken) => Task.FromResult(broker.Probe());
    }
}

/// <summary>A service the server depends on, as <c>/healthz</c> reports it.</summary>
internal interface IDependencyProbe
{
    string Name { get; }

    /// <summary>Null when reachable; else why not.</summary>
    Task<string?> ProbeAsync(CancellationToken cancellationToken);
}
