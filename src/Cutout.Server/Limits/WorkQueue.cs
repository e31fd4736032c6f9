using System.Threading.RateLimiting;

namespace Cutout.Server.Limits;

/// <summary>
/// Bounds the chat work in flight: <see cref="ServerOptions.MaxConcurrentRequests"/> run, up to
/// <see cref="ServerOptions.MaxQueuedRequests"/> wait in arrival order, and anything beyond is refused
/// at once (503 + Retry-After), so a burst costs queue slots rather than memory.
/// </summary>
public sealed class WorkQueue(ServerOptions options) : IDisposable
{
    private readonly ConcurrencyLimiter _limiter = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.MaxConcurrentRequests,
        QueueLimit = options.MaxQueuedRequests,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    /// <summary>Takes a place in the queue; cancelling <paramref name="cancellationToken"/> gives it up while waiting.</summary>
    public WorkTicket Enter(CancellationToken cancellationToken) => new(_limiter.AcquireAsync(1, cancellationToken).AsTask());

    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter.Dispose();
}

/// <summary>A place in the <see cref="WorkQueue"/>. Disposing it frees the worker slot (safe to repeat).</summary>
public sealed class WorkTicket(Task<RateLimitLease> lease) : IDisposable
{
    /// <summary>The queue was full: nothing will run for this ticket.</summary>
    public bool Refused => lease.IsCompletedSuccessfully && !lease.Result.IsAcquired;

    /// <summary>Queued behind running work.</summary>
    public bool MustWait => !lease.IsCompleted;

    /// <summary>Completes when this ticket's turn has come.</summary>
    public Task WaitTurnAsync() => lease;

    public void Dispose()
    {
        if (lease.IsCompletedSuccessfully)
            lease.Result.Dispose();
    }
}
