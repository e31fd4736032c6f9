using System.Threading.RateLimiting;

namespace Cutout.Server.Limits;

/// <summary>
/// Bounds the chat work in flight in two steps. Admission: at most <see cref="ServerOptions.MaxConcurrentRequests"/>
/// + <see cref="ServerOptions.MaxQueuedRequests"/> requests are in flight (reading their body, fetching images,
/// waiting or running), and one API key holds at most <see cref="ServerOptions.MaxRequestsInFlightPerKey"/> of
/// them, so no key can take the whole queue; anything beyond is refused at once. Workers: an admitted request
/// waits for one of the <see cref="ServerOptions.MaxConcurrentRequests"/> workers only when its inputs are
/// ready, so a slow image host holds a place in flight but never a worker.
/// </summary>
internal sealed class WorkQueue(ServerOptions options) : IDisposable
{
    private readonly ConcurrencyLimiter _workers = new(new ConcurrencyLimiterOptions
    {
        PermitLimit = options.MaxConcurrentRequests,
        // Never the binding limit: admission already caps how many can wait.
        QueueLimit = options.MaxConcurrentRequests + options.MaxQueuedRequests,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
    });

    private readonly Dictionary<string, int> _inFlightPerKey = [];
    private int _inFlight;

    /// <summary>A place in flight for <paramref name="apiKeyId"/>, or why there is none.</summary>
    public WorkTicket Enter(string apiKeyId)
    {
        lock (_inFlightPerKey)
        {
            if (_inFlight >= options.MaxConcurrentRequests + options.MaxQueuedRequests)
                return WorkTicket.Refuse(Admission.ServerBusy);
            int ofKey = _inFlightPerKey.GetValueOrDefault(apiKeyId);
            if (ofKey >= options.MaxRequestsInFlightPerKey)
                return WorkTicket.Refuse(Admission.KeyBusy);
            _inFlightPerKey[apiKeyId] = ofKey + 1;
            _inFlight++;
        }
        return new WorkTicket(this, apiKeyId);
    }

    internal async Task<IDisposable> AcquireWorkerAsync(CancellationToken cancellationToken)
    {
        // Cancelling the acquire itself takes the request out of the limiter's queue: a late grant cannot leak.
        var lease = await _workers.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
        if (!lease.IsAcquired)
        {
            lease.Dispose();
            throw new InvalidOperationException("The worker queue refused an admitted request.");
        }
        return lease;
    }

    internal void Leave(string apiKeyId)
    {
        lock (_inFlightPerKey)
        {
            _inFlight--;
            if (--_inFlightPerKey[apiKeyId] == 0)
                _inFlightPerKey.Remove(apiKeyId);
        }
    }

    public void Dispose() => _workers.Dispose();
}

internal enum Admission
{
    Admitted,

    /// <summary>Every place in flight is taken.</summary>
    ServerBusy,

    /// <summary>This API key already has its share of the places in flight.</summary>
    KeyBusy,
}

/// <summary>
/// A request's place in flight. <see cref="WaitForWorkerAsync"/> gives it a worker; disposing the ticket frees
/// both the place and any worker it still holds (safe to repeat).
/// </summary>
internal sealed class WorkTicket : IDisposable
{
    private readonly WorkQueue? _queue;
    private readonly string? _apiKeyId;
    private readonly List<IDisposable> _workers = [];
    private int _disposed;

    internal WorkTicket(WorkQueue queue, string apiKeyId) => (_queue, _apiKeyId, Admission) = (queue, apiKeyId, Admission.Admitted);

    private WorkTicket(Admission refusal) => Admission = refusal;

    internal static WorkTicket Refuse(Admission why) => new(why);

    public Admission Admission { get; }

    /// <summary>Waits for a worker; dispose the result (or the ticket) to free it.</summary>
    public async Task<IDisposable> WaitForWorkerAsync(CancellationToken cancellationToken)
    {
        var worker = await _queue!.AcquireWorkerAsync(cancellationToken).ConfigureAwait(false);
        lock (_workers)
        {
            if (_disposed == 0)
            {
                _workers.Add(worker);
                return worker;
            }
        }
        // The request ended while its turn came: the worker goes straight back.
        worker.Dispose();
        throw new OperationCanceledException(cancellationToken);
    }

    public void Dispose()
    {
        if (_queue is null || Interlocked.Exchange(ref _disposed, 1) != 0)
            return;
        lock (_workers)
        {
            foreach (var worker in _workers)
                worker.Dispose();
        }
        _queue.Leave(_apiKeyId!);
    }
}
