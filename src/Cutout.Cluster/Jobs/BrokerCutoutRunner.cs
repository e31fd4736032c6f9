using Cutout.Chat.Execution;

namespace Cutout.Cluster.Jobs;

/// <summary>The chat's images cut out by the workers: each image is one job, its stages relayed to the caller as they happen.</summary>
public sealed class BrokerCutoutRunner(JobClient client) : ICutoutRunner
{
    public async Task<CutoutResult> RunAsync(CutoutWork work, IProgress<PipelineStage>? progress, CancellationToken cancellationToken)
    {
        // Every chat image is new work, even the same photo twice: a session's refinements must not be answered from a cache.
        string jobId = "job_" + Guid.NewGuid().ToString("N");
        var outcome = await client.RunAsync(jobId, work.Image, JobRecipe.ForChat(work), progress, cancellationToken).ConfigureAwait(false);
        if (outcome.Result is { } result)
            return result;
        // An expected failure (bad image, bad option) reaches the user as such; anything else as an internal error.
        throw outcome.ErrorKind is { } kind
            ? new CutoutException(kind, outcome.Error!)
            : new InvalidOperationException($"Worker {outcome.Worker} failed job {jobId}: {outcome.Error}");
    }
}
