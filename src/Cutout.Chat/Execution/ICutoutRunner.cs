using Cutout.Chat.Planning;
using Cutout.Segmentation;

namespace Cutout.Chat.Execution;

/// <summary>One image of a chat turn to cut out: the photo, the plan it follows and the options that plan maps to.</summary>
/// <param name="Options">The plan's pipeline options (<see cref="PlanOptions.ToCutoutOptions"/>) with this server's input limits.</param>
public sealed record CutoutWork(ReadOnlyMemory<byte> Image, ChatPlan Plan, ModelDescriptor? PinnedModel, CutoutOptions Options);

/// <summary>
/// Where a chat turn's images are processed: in this process (<see cref="InProcessCutoutRunner"/>), or by
/// workers behind a message broker that report the same pipeline stages back while they run.
/// </summary>
public interface ICutoutRunner
{
    Task<CutoutResult> RunAsync(CutoutWork work, IProgress<PipelineStage>? progress, CancellationToken cancellationToken);
}

/// <summary>The embedded default: the server's own <see cref="Remover"/>.</summary>
public sealed class InProcessCutoutRunner(Remover remover) : ICutoutRunner
{
    public Task<CutoutResult> RunAsync(CutoutWork work, IProgress<PipelineStage>? progress, CancellationToken cancellationToken) =>
        remover.RemoveAsync(work.Image, work.Options, progress, cancellationToken);
}
