using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;
using Cutout.Server.Limits;

namespace Cutout.Server.Endpoints;

/// <summary>The work queue had no room for another request; answered 503 with Retry-After.</summary>
internal sealed class ServerBusyException() : Exception("The server is busy: too many requests are waiting. Retry later.");

/// <summary>
/// One image through the pipeline for the single-shot protocols (remove.bg, rembg): the chat's input checks
/// and decode guards, a place in the same <see cref="WorkQueue"/>, the same <see cref="Remover"/>.
/// </summary>
internal sealed class DirectCutouts(Remover remover, WorkQueue queue, ImageFetcher fetcher)
{
    public ImageFetcher Fetcher => fetcher;

    public async Task<CutoutResult> RunAsync(string apiKeyId, InputImage image, CutoutOptions options, CancellationToken cancellationToken)
    {
        using var ticket = queue.Enter(apiKeyId);
        if (ticket.Admission != Admission.Admitted)
            throw new ServerBusyException();
        using var worker = await ticket.WaitForWorkerAsync(cancellationToken);
        return await remover.RemoveAsync(image.Bytes, options with { Limits = PlanOptions.LimitsFor(fetcher.Options) }, progress: null, cancellationToken);
    }
}
