using Cutout.Cluster.Jobs;

namespace Cutout.Server.Metrics;

/// <summary>Reads the job queue's depth from the broker every few seconds for the <c>cutout_queue_depth</c> gauge.</summary>
internal sealed class QueueDepthSampler(JobBroker broker, CutoutMetrics metrics, ILogger<QueueDepthSampler> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        do
        {
            try
            {
                metrics.QueueDepthSampled(await broker.QueueDepthAsync(JobBroker.JobQueue, stoppingToken));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning("Could not read the job queue's depth: {Error}", e.Message);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
