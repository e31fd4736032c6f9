using System.CommandLine;
using Cutout.Cluster.Jobs;
using Cutout.Cluster.Storage;

namespace Cutout.Cli;

/// <summary><c>--broker</c> and <c>--store</c>: the RabbitMQ and PostgreSQL that spread work over many machines.</summary>
internal sealed class ClusterArguments
{
    public Option<string?> Broker { get; } = new("--broker")
    {
        Description = "RabbitMQ URL (amqp://user:pass@host:5672/): send the work to 'cutout worker' processes. Needs --store.",
    };

    public Option<string?> Store { get; } = new("--store")
    {
        Description = "PostgreSQL (\"Host=…;Database=…\" or postgres://user:pass@host/db) shared with the workers and servers.",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(Broker);
        command.Options.Add(Store);
    }

    /// <summary>True when the command should use the cluster; both addresses are then required.</summary>
    public bool Requested(ParseResult parse)
    {
        bool broker = parse.GetValue(Broker) is not null, store = parse.GetValue(Store) is not null;
        if (broker != store)
            throw new CutoutException(CutoutErrorKind.InvalidOption, "--broker and --store go together: workers take jobs from the broker and leave results in the store");
        return broker;
    }

    public async Task<Backends> ConnectAsync(ParseResult parse, string clientName, CancellationToken cancellationToken)
    {
        string store = parse.GetValue(Store)!, broker = parse.GetValue(Broker)!;
        ClusterDatabase database;
        try
        {
            database = await ClusterDatabase.OpenAsync(store, cancellationToken);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or System.Net.Sockets.SocketException or FormatException or ArgumentException)
        {
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"--store {StoreAddress.Redact(store)}: {e.Message}", e);
        }
        try
        {
            return new Backends(database, await JobBroker.ConnectAsync(broker, $"{clientName}@{Environment.MachineName}", cancellationToken));
        }
        catch (Exception e) when (e is RabbitMQ.Client.Exceptions.BrokerUnreachableException or FormatException)
        {
            await database.DisposeAsync();
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"--broker {StoreAddress.Redact(broker)}: {e.Message}", e);
        }
    }

    public sealed class Backends(ClusterDatabase database, JobBroker broker) : IAsyncDisposable
    {
        public ClusterDatabase Database => database;

        public JobBroker Broker => broker;

        public JobResults Results { get; } = new(database);

        public async ValueTask DisposeAsync()
        {
            await broker.DisposeAsync();
            await database.DisposeAsync();
        }
    }
}
