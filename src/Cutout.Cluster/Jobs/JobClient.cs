using System.Collections.Concurrent;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cutout.Cluster.Jobs;

/// <summary>
/// Sends jobs to the workers and waits for their outcomes: <c>serve</c> for a chat turn's images,
/// <c>batch</c> for a folder. Workers report to this client's own reply queue (stages as they begin,
/// then done or failed); the outcome itself is read from the store, which also answers for jobs that
/// already have one (a resumed batch) and for replies that never came (checked every few seconds). Each client
/// also runs a <see cref="DeadLetterWatcher"/>, so a job whose workers all died still ends with an outcome.
/// </summary>
public sealed class JobClient : IAsyncDisposable
{
    private static readonly TimeSpan StorePollInterval = TimeSpan.FromSeconds(5);

    private readonly JobBroker _broker;
    private readonly JobResults _results;
    private readonly IChannel _replies;
    private readonly string _replyQueue;
    private readonly DeadLetterWatcher _deadLetters;
    private readonly ConcurrentDictionary<string, Waiter> _waiting = new();

    private JobClient(JobBroker broker, JobResults results, IChannel replies, string replyQueue, DeadLetterWatcher deadLetters)
    {
        _broker = broker;
        _results = results;
        _replies = replies;
        _replyQueue = replyQueue;
        _deadLetters = deadLetters;
    }

    public static async Task<JobClient> StartAsync(JobBroker broker, JobResults results, CancellationToken cancellationToken)
    {
        var channel = await broker.Connection.CreateChannelAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        // Exclusive and auto-deleted: the queue lives exactly as long as this client.
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: cancellationToken).ConfigureAwait(false);
        var deadLetters = await DeadLetterWatcher.StartAsync(broker, results, cancellationToken).ConfigureAwait(false);
        var client = new JobClient(broker, results, channel, queue.QueueName, deadLetters);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            if (JobReply.FromBytes(delivery.Body.Span) is { } reply && client._waiting.TryGetValue(reply.JobId, out var waiter))
                waiter.Receive(reply);
            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer, cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Jobs sent and not yet finished.</summary>
    public int InFlight => _waiting.Count;

    /// <summary>
    /// The job's outcome: the stored one if the job already has one, else the outcome of queueing it and
    /// waiting for a worker. <paramref name="progress"/> hears the worker's pipeline stages.
    /// </summary>
    public async Task<JobOutcome> RunAsync(string jobId, ReadOnlyMemory<byte> photo, JobRecipe recipe, IProgress<PipelineStage>? progress, CancellationToken cancellationToken)
    {
        if (await _results.FindAsync(jobId, cancellationToken).ConfigureAwait(false) is { } earlier)
            return earlier;
        var waiter = new Waiter(progress);
        if (!_waiting.TryAdd(jobId, waiter))
            throw new InvalidOperationException($"job {jobId} is already being waited for");
        try
        {
            await _broker.PublishJobAsync(jobId, photo, recipe, _replyQueue, cancellationToken).ConfigureAwait(false);
            while (true)
            {
                var finished = await Task.WhenAny(waiter.Finished, Task.Delay(StorePollInterval, cancellationToken)).ConfigureAwait(false);
                cancellationToken.ThrowIfCancellationRequested();
                if (await _results.FindAsync(jobId, cancellationToken).ConfigureAwait(false) is { } outcome)
                    return outcome;
                if (finished == waiter.Finished)
                    throw new InvalidOperationException($"a worker reported job {jobId} finished, but the store has no outcome for it");
            }
        }
        finally
        {
            _waiting.TryRemove(jobId, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _deadLetters.DisposeAsync().ConfigureAwait(false);
        await _replies.DisposeAsync().ConfigureAwait(false);
    }

    private sealed class Waiter(IProgress<PipelineStage>? progress)
    {
        private readonly TaskCompletionSource _finished = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Finished => _finished.Task;

        public void Receive(JobReply reply)
        {
            if (reply.Kind == JobReply.StageKind && Enum.TryParse<PipelineStage>(reply.Stage, out var stage))
                progress?.Report(stage);
            else if (reply.Kind is JobReply.DoneKind or JobReply.FailedKind)
                _finished.TrySetResult();
        }
    }
}
