using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace Cutout.Cluster.Jobs;

/// <summary>
/// <c>cutout worker</c>: takes jobs from the broker, <see cref="Prefetch"/> at a time, and acknowledges each
/// only once its outcome is in the store, so a worker that dies at any point loses nothing: the broker
/// hands its unacknowledged jobs to another worker, which finds a stored outcome (and only reports it)
/// or runs the job again. A job that fails on its last allowed delivery has its error stored, then is
/// rejected into the dead-letter queue.
/// </summary>
public sealed class CutoutWorker(
    JobBroker broker,
    JobResults results,
    Remover remover,
    Func<JobRecipe, CancellationToken, Task<CutoutOptions>> resolveOptions,
    string name,
    ushort prefetch,
    ILogger logger)
{
    public string Name => name;

    public ushort Prefetch => prefetch;

    /// <summary>Consumes until <paramref name="cancellationToken"/> fires; jobs in hand are then returned to the queue.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        await using var channel = await broker.Connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false, consumerDispatchConcurrency: prefetch),
            cancellationToken).ConfigureAwait(false);
        await channel.BasicQosAsync(0, prefetch, global: false, cancellationToken).ConfigureAwait(false);
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) => HandleAsync(channel, delivery, cancellationToken);
        await channel.BasicConsumeAsync(JobBroker.JobQueue, autoAck: false, consumer, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Worker {Worker} consuming {Queue} with prefetch {Prefetch}", name, JobBroker.JobQueue, prefetch);
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HandleAsync(IChannel channel, BasicDeliverEventArgs delivery, CancellationToken cancellationToken)
    {
        var properties = delivery.BasicProperties;
        string jobId = properties.MessageId ?? "(no id)";
        string? replyTo = properties.ReplyTo;
        long previousDeliveries = properties.Headers?.TryGetValue(JobBroker.DeliveryCountHeader, out var count) == true && count is not null
            ? Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture) : 0;
        try
        {
            var stored = await results.FindAsync(jobId, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                await results.RecordStartAsync(jobId, name, cancellationToken).ConfigureAwait(false);
                stored = await RunJobAsync(jobId, delivery, replyTo, previousDeliveries, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    // Failed, with deliveries left: back to the queue for another try (the broker counts it).
                    await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
                    return;
                }
            }
            if (replyTo is not null)
                await broker.PublishReplyAsync(replyTo, new JobReply(jobId, stored.Succeeded ? JobReply.DoneKind : JobReply.FailedKind), cancellationToken).ConfigureAwait(false);
            if (stored.Succeeded)
                await channel.BasicAckAsync(delivery.DeliveryTag, multiple: false, CancellationToken.None).ConfigureAwait(false);
            else
                await channel.BasicRejectAsync(delivery.DeliveryTag, requeue: false, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            // The store or broker failed us, not the job: leave the job for another delivery.
            logger.LogError(e, "Job {JobId}: could not complete its bookkeeping; returning it to the queue", jobId);
            await channel.BasicNackAsync(delivery.DeliveryTag, multiple: false, requeue: true, CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>Runs the pipeline; the stored outcome, or null when it failed and the job has deliveries left.</summary>
    private async Task<JobOutcome?> RunJobAsync(string jobId, BasicDeliverEventArgs delivery, string? replyTo, long previousDeliveries, CancellationToken cancellationToken)
    {
        var photo = delivery.Body.ToArray();
        var progress = new StageRelay(broker, jobId, replyTo);
        JobOutcome outcome;
        try
        {
            var recipe = delivery.BasicProperties.Headers?.TryGetValue(JobBroker.RecipeHeader, out var header) == true && header is byte[] bytes
                ? JobRecipe.FromBytes(bytes)
                : throw new CutoutException(CutoutErrorKind.InvalidOption, "the job carries no recipe");
            var result = await remover.RemoveAsync(photo, await resolveOptions(recipe, cancellationToken).ConfigureAwait(false), progress, cancellationToken).ConfigureAwait(false);
            outcome = new JobOutcome(jobId, result, null, name);
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            bool lastDelivery = previousDeliveries + 1 >= JobBroker.MaxDeliveries;
            logger.LogWarning("Job {JobId} failed on delivery {Delivery} of {Max}: {Error}", jobId, previousDeliveries + 1, JobBroker.MaxDeliveries, e.Message);
            if (!lastDelivery)
                return null;
            outcome = new JobOutcome(jobId, null, $"{e.Message} (failed {JobBroker.MaxDeliveries} times; moved to {JobBroker.DeadLetterQueue})", name)
            {
                ErrorKind = (e as CutoutException)?.Kind,
            };
        }
        await progress.FlushAsync().ConfigureAwait(false);
        await results.SaveAsync(outcome, CancellationToken.None).ConfigureAwait(false);
        // Another delivery of the same job may have finished first; its outcome is the one that counts.
        return await results.FindAsync(jobId, CancellationToken.None).ConfigureAwait(false);
    }

    /// <summary>
    /// Relays pipeline stages to the waiting client in order. The pipeline reports synchronously from
    /// inside its stages, so reports are chained and sent without holding the pipeline up.
    /// </summary>
    private sealed class StageRelay(JobBroker broker, string jobId, string? replyTo) : IProgress<PipelineStage>
    {
        private Task _sent = Task.CompletedTask;

        public void Report(PipelineStage stage)
        {
            if (replyTo is null)
                return;
            var previous = _sent;
            _sent = SendAfterAsync(previous, new JobReply(jobId, JobReply.StageKind, stage.ToString()));
        }

        private async Task SendAfterAsync(Task previous, JobReply reply)
        {
            await previous.ConfigureAwait(false);
            try
            {
                await broker.PublishReplyAsync(replyTo!, reply, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RabbitMQ.Client.Exceptions.RabbitMQClientException or InvalidOperationException)
            {
                // Progress is a courtesy; the outcome itself is stored and announced separately.
            }
        }

        public Task FlushAsync() => _sent;
    }
}
