using Cutout.Chat.Execution;
using Cutout.Chat.Inputs;
using Cutout.Server.Limits;

namespace Cutout.Server.Endpoints;

/// <summary>The work queue had no room for another request; answered 503 with Retry-After.</summary>
public sealed class ServerBusyException() : Exception("The server is busy: too many requests are waiting. Retry later.");

/// <summary>
/// One image through the pipeline for the single-shot protocols (remove.bg, rembg): the chat's input checks
/// and decode guards, a place in the same <see cref="WorkQueue"/>, the same <see cref="Remover"/>.
/// </summary>
public sealed class DirectCutouts(Remover remover, WorkQueue queue, ImageFetcher fetcher)
{
    public ImageFetcher Fetcher => fetcher;

    public async Task<CutoutResult> RunAsync(InputImage image, CutoutOptions options, CancellationToken cancellationToken)
    {
        using var ticket = queue.Enter(cancellationToken);
        if (ticket.Refused)
            throw new ServerBusyException();
        await ticket.WaitTurnAsync();
        return await remover.RemoveAsync(image.Bytes, options with { Limits = PlanOptions.LimitsFor(fetcher.Options) }, progress: null, cancellationToken);
    }
}
