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

    /// <summary>
    /// A place in the queue: already decided when it completes synchronously (running, or refused when
    /// <see cref="RateLimitLease.IsAcquired"/> is false); otherwise it completes when a slot frees up.
    /// Dispose the lease when the work is done.
    /// </summary>
    public ValueTask<RateLimitLease> EnterAsync(CancellationToken cancellationToken) => _limiter.AcquireAsync(1, cancellationToken);

    public long Waiting => _limiter.GetStatistics()?.CurrentQueuedCount ?? 0;

    public void Dispose() => _limiter.Dispose();
}
