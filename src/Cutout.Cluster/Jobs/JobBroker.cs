using System.Text.Json;
using RabbitMQ.Client;

namespace Cutout.Cluster.Jobs;

/// <summary>A worker's report on a job, sent to the queue named in the job's reply-to.</summary>
/// <param name="Kind"><c>stage</c> (a pipeline stage began), <c>done</c> or <c>failed</c> (the outcome is in the store).</param>
public sealed record JobReply(string JobId, string Kind, string? Stage = null)
{
    public const string StageKind = "stage", DoneKind = "done", FailedKind = "failed";

    public byte[] ToBytes() => JsonSerializer.SerializeToUtf8Bytes(this);

    public static JobReply? FromBytes(ReadOnlySpan<byte> json)
    {
        try
        {
            return JsonSerializer.Deserialize<JobReply>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}

/// <summary>
/// The RabbitMQ side of the cluster: one connection and the job topology. Jobs go to a durable quorum
/// queue (it survives a broker restart and redelivers the job of a worker that died); a job delivered
/// <see cref="MaxDeliveries"/> times without success is dead-lettered through the fanout
/// <see cref="DeadLetterExchange"/> into <see cref="DeadLetterQueue"/> (kept for operators) and
/// <see cref="DeadLetterNoticeQueue"/> (read by <see cref="DeadLetterWatcher"/>).
/// </summary>
public sealed class JobBroker : IAsyncDisposable
{
    public const string JobQueue = "cutout.jobs";
    public const string DeadLetterQueue = "cutout.jobs.dead";
    public const string DeadLetterExchange = "cutout.jobs.dead-letters";
    public const string DeadLetterNoticeQueue = "cutout.jobs.dead.notices";
    public const string RecipeHeader = "cutout-recipe";
    public const string DeliveryCountHeader = "x-delivery-count";

    /// <summary>Deliveries of one job before it is given up: a poison image fails fast three times, then goes aside.</summary>
    public const int MaxDeliveries = 3;

    private readonly IConnection _connection;
    private readonly IChannel _publisher;
    private readonly SemaphoreSlim _publishGate = new(1, 1);

    private JobBroker(IConnection connection, IChannel publisher)
    {
        _connection = connection;
        _publisher = publisher;
    }

    public IConnection Connection => _connection;

    /// <summary>Connects to <paramref name="broker"/> (amqp://user:pass@host:5672/vhost) and declares the queues.</summary>
    public static async Task<JobBroker> ConnectAsync(string broker, string clientName, CancellationToken cancellationToken)
    {
        if (!Uri.TryCreate(broker, UriKind.Absolute, out var url) || (url.Scheme != "amqp" && url.Scheme != "amqps"))
            throw new FormatException($"'{broker}' is not an amqp:// URL (amqp://user:password@host:5672/)");
        var factory = new ConnectionFactory
        {
            Uri = url,
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = true,
            RequestedHeartbeat = TimeSpan.FromSeconds(15),
        };
        var connection = await factory.CreateConnectionAsync(cancellationToken).ConfigureAwait(false);
        var publisher = await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: true, publisherConfirmationTrackingEnabled: true), cancellationToken).ConfigureAwait(false);
        await DeclareTopologyAsync(publisher, cancellationToken).ConfigureAwait(false);
        return new JobBroker(connection, publisher);
    }

    private static async Task DeclareTopologyAsync(IChannel channel, CancellationToken cancellationToken)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, autoDelete: false, cancellationToken: cancellationToken).ConfigureAwait(false);
        foreach (var queue in new[] { DeadLetterQueue, DeadLetterNoticeQueue })
        {
            await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" }, cancellationToken: cancellationToken).ConfigureAwait(false);
            await channel.QueueBindAsync(queue, DeadLetterExchange, routingKey: "", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        await channel.QueueDeclareAsync(JobQueue, durable: true, exclusive: false, autoDelete: false, arguments: new Dictionary<string, object?>
        {
            ["x-queue-type"] = "quorum",
            ["x-delivery-limit"] = MaxDeliveries,
            ["x-dead-letter-exchange"] = DeadLetterExchange,
        }, cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Queues a job (persistent, publisher-confirmed): once this returns, the broker has it.</summary>
    public Task PublishJobAsync(string jobId, ReadOnlyMemory<byte> photo, JobRecipe recipe, string? replyTo, CancellationToken cancellationToken) =>
        PublishAsync(JobQueue, new BasicProperties
        {
            MessageId = jobId,
            CorrelationId = jobId,
            ReplyTo = replyTo,
            Persistent = true,
            ContentType = "application/octet-stream",
            Headers = new Dictionary<string, object?> { [RecipeHeader] = recipe.ToBytes() },
        }, photo, cancellationToken);

    /// <summary>Sends a worker's report to a client's reply queue (gone clients simply miss it).</summary>
    public Task PublishReplyAsync(string replyTo, JobReply reply, CancellationToken cancellationToken) =>
        PublishAsync(replyTo, new BasicProperties { CorrelationId = reply.JobId, ContentType = "application/json" }, reply.ToBytes(), cancellationToken);

    private async Task PublishAsync(string queue, BasicProperties properties, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        await _publishGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _publisher.BasicPublishAsync("", queue, mandatory: false, properties, body, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _publishGate.Release();
        }
    }

    /// <summary>Jobs waiting in <paramref name="queue"/> (not counting those a worker holds).</summary>
    public async Task<uint> QueueDepthAsync(string queue, CancellationToken cancellationToken)
    {
        await using var channel = await _connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        var declared = await channel.QueueDeclarePassiveAsync(queue, cancellationToken).ConfigureAwait(false);
        return declared.MessageCount;
    }

    /// <summary>Null when the broker connection is open; else why not.</summary>
    public string? Probe() => _connection.IsOpen ? null : $"connection closed: {_connection.CloseReason?.ReplyText ?? "unknown reason"}";

    public async ValueTask DisposeAsync()
    {
        await _publisher.DisposeAsync().ConfigureAwait(false);
        await _connection.DisposeAsync().ConfigureAwait(false);
        _publishGate.Dispose();
    }
}
