using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cutout.Cluster.Jobs;

/// <summary>
/// Gives every dead-lettered job an outcome. A worker stores the error of a job that fails on its last delivery
/// before rejecting it, but a worker that dies while it holds the job (killed, out of memory, a crash in native
/// code) stores nothing; the broker then dead-letters the job after <see cref="JobBroker.MaxDeliveries"/> deaths,
/// and without this watcher whoever waits for it (a batch, a chat turn) would wait forever. The watcher stores
/// "a worker died N times" as the job's failed outcome and tells the waiting client. It reads
/// <see cref="JobBroker.DeadLetterNoticeQueue"/>, so several watchers (every server and batch) share the work, and
/// notices that arrive while none runs wait in the queue for the next one.
/// </summary>
public sealed class DeadLetterWatcher : IAsyncDisposable
{
    /// <summary>Who a watcher-written outcome names as its worker.</summary>
    public const string WorkerName = "dead-letter watcher";

    private readonly IChannel _channel;

    private DeadLetterWatcher(IChannel channel) => _channel = channel;

    public static async Task<DeadLetterWatcher> StartAsync(JobBroker broker, JobResults results, CancellationToken cancellationToken)
    {
        var channel = await broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, 1, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            try
            {
                await RecordAsync(broker, results, delivery.BasicProperties).ConfigureAwait(false);
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The store or broker failed us: leave the notice for another try (or another watcher).
                await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true).ConfigureAwait(false);
            }
        };
        await channel.BasicConsumeAsync(JobBroker.DeadLetterNoticeQueue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        return new DeadLetterWatcher(channel);
    }

    /// <summary>The failed outcome of a job whose every delivery ended with its worker gone.</summary>
    public static string DiedError(int runs) =>
        $"a worker died {runs} {(runs == 1 ? "time" : "times")} processing this image and it never finished (moved to {JobBroker.DeadLetterQueue})";

    private static async Task RecordAsync(JobBroker broker, JobResults results, IReadOnlyBasicProperties properties)
    {
        if (properties.MessageId is not { } jobId || await results.FindAsync(jobId, CancellationToken.None).ConfigureAwait(false) is not null)
            return;
        int runs = await results.RunCountAsync(jobId, CancellationToken.None).ConfigureAwait(false);
        await results.SaveAsync(new JobOutcome(jobId, null, DiedError(runs), WorkerName), CancellationToken.None).ConfigureAwait(false);
        if (properties.ReplyTo is { } replyTo)
            await broker.PublishReplyAsync(replyTo, new JobReply(jobId, JobReply.FailedKind), CancellationToken.None).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync() => await _channel.DisposeAsync().ConfigureAwait(false);
}
