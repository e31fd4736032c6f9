namespace Cutout.Server.Limits;

/// <summary>
/// A fixed number of workers handed out fairly between API keys: each key's waiting requests queue in arrival
/// order, and a freed worker goes to the next key in turn (round-robin), so a key with many requests waiting
/// delays another key's request by at most one of its own. System.Threading.RateLimiting's limiters serve their
/// queue oldest-first (or newest-first) across all callers, which lets the first key to queue take every worker.
/// </summary>
internal sealed class FairWorkerPool(int workers)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Queue<Waiter>> _waitingPerKey = [];
    // Keys with requests waiting, in the order of their next turn.
    private readonly Queue<string> _turns = new();
    private int _free = workers;

    /// <summary>A worker for one of <paramref name="apiKeyId"/>'s requests; dispose it to hand it on.</summary>
    public Task<IDisposable> AcquireAsync(string apiKeyId, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Waiter waiter;
        lock (_gate)
        {
            if (_free > 0 && _turns.Count == 0)
            {
                _free--;
                return Task.FromResult<IDisposable>(new Worker(this));
            }
            waiter = new Waiter();
            if (!_waitingPerKey.TryGetValue(apiKeyId, out var queue))
            {
                _waitingPerKey[apiKeyId] = queue = new Queue<Waiter>();
                _turns.Enqueue(apiKeyId);
            }
            queue.Enqueue(waiter);
            // A cancelled waiter stays queued but is skipped when its turn comes; admission bounds how many there can be.
            waiter.Cancellation = cancellationToken.Register(() => waiter.Grant.TrySetCanceled(cancellationToken));
        }
        return waiter.Grant.Task;
    }

    private void Release()
    {
        lock (_gate)
        {
            while (_turns.TryDequeue(out var apiKeyId))
            {
                var queue = _waitingPerKey[apiKeyId];
                var waiter = queue.Dequeue();
                if (queue.Count > 0)
                    _turns.Enqueue(apiKeyId);
                else
                    _waitingPerKey.Remove(apiKeyId);
                waiter.Cancellation.Dispose();
                if (waiter.Grant.TrySetResult(new Worker(this)))
                    return;
            }
            _free++;
        }
    }

    private sealed class Waiter
    {
        // Continuations run on the pool, never inside Release's lock.
        public TaskCompletionSource<IDisposable> Grant { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public CancellationTokenRegistration Cancellation { get; set; }
    }

    private sealed class Worker(FairWorkerPool pool) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                pool.Release();
        }
    }
}
