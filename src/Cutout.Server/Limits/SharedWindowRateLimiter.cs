using System.Threading.RateLimiting;
using Cutout.Cluster.Storage;

namespace Cutout.Server.Limits;

/// <summary>
/// The per-key fixed window counted in the shared store, so the quota holds across every replica. The
/// synchronous fast path never grants (it cannot ask the database); the middleware then asks
/// <see cref="AcquireAsyncCore"/>, which counts the request with one atomic statement.
/// </summary>
internal sealed class SharedWindowRateLimiter(SharedRateWindows windows, int limit, TimeSpan window, Func<HttpContext, string> partition, ILogger logger)
    : PartitionedRateLimiter<HttpContext>
{
    private static readonly object RemainingKey = new();

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount) => Lease.NotYetCounted;

    protected override async ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken)
    {
        try
        {
            var count = await windows.CountAsync(partition(resource), limit, window, cancellationToken).ConfigureAwait(false);
            resource.Items[RemainingKey] = count.Remaining;
            return count.Allowed ? Lease.Granted : new Lease(false, count.ResetAfter);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            // A database hiccup should not refuse every request; the quota resumes when it answers again.
            logger.LogWarning("Rate-limit window could not be counted ({Error}); request let through", e.Message);
            return Lease.Granted;
        }
    }

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) =>
        resource.Items.TryGetValue(RemainingKey, out var remaining) && remaining is int permits
            ? new RateLimiterStatistics { CurrentAvailablePermits = permits }
            : null;

    private sealed class Lease(bool acquired, TimeSpan? retryAfter) : RateLimitLease
    {
        public static readonly Lease Granted = new(true, null);
        public static readonly Lease NotYetCounted = new(false, null);

        public override bool IsAcquired => acquired;

        public override IEnumerable<string> MetadataNames => retryAfter is null ? [] : [MetadataName.RetryAfter.Name];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = metadataName == MetadataName.RetryAfter.Name ? retryAfter : null;
            return metadata is not null;
        }
    }
}
