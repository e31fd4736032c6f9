namespace Cutout.Chat.Sessions;

/// <summary>
/// Conversation memory, scoped by API key: every method takes the caller's key id, and a session id used
/// with another key behaves exactly as an id that does not exist. Expired sessions behave the same.
/// </summary>
public interface ISessionStore
{
    /// <summary>The session with its history, or null when it does not exist for this key (or expired).</summary>
    Task<Session?> FindAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Adds a turn, creating the session when needed; trims the history to the configured limit.</summary>
    Task AppendAsync(string apiKeyId, string sessionId, SessionExchange exchange, CancellationToken cancellationToken = default);

    /// <summary>The key's live sessions, most recently used first.</summary>
    Task<IReadOnlyList<SessionInfo>> ListAsync(string apiKeyId, CancellationToken cancellationToken = default);

    /// <summary>Forgets the session and its history; false when there was nothing to delete.</summary>
    Task<bool> DeleteAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Marks the session busy for one request, creating it when needed. Null when another request holds it
    /// (answer SESSION_BUSY). Dispose the lease to release it.
    /// </summary>
    Task<SessionLease?> TryAcquireAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default);

    /// <summary>Deletes expired sessions; returns how many.</summary>
    Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Called once as a server starts, before it takes requests: frees the leases of requests that died with an
    /// earlier process (kill -9, power loss), so their sessions are usable at once rather than when the leases lapse.
    /// A store owned by one server frees every lease; a store that several replicas share frees only leases whose
    /// heartbeat has stopped (<see cref="SessionLease"/> renews live ones). Returns how many it freed.
    /// </summary>
    Task<int> ReleaseAbandonedLeasesAsync(CancellationToken cancellationToken = default);
}

/// <summary>
/// Proof that one request owns a session; disposing it releases the session. While held, a heartbeat renews it
/// every <c>renewEvery</c>, so leases can be short: a crashed holder's lease lapses within one lease duration.
/// </summary>
public sealed class SessionLease : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;
    private readonly CancellationTokenSource _stopHeartbeat = new();
    private readonly Task _heartbeat;
    private int _released;

    /// <param name="renew">Extends the lease in the store; null for a lease that never needs renewing.</param>
    public SessionLease(string apiKeyId, string sessionId, DateTimeOffset expiresAt, Func<ValueTask> release,
        Func<CancellationToken, Task>? renew = null, TimeSpan? renewEvery = null)
    {
        ApiKeyId = apiKeyId;
        SessionId = sessionId;
        ExpiresAt = expiresAt;
        _release = release;
        _heartbeat = renew is null ? Task.CompletedTask : BeatAsync(renew, renewEvery ?? TimeSpan.FromSeconds(20), _stopHeartbeat.Token);
    }

    public string ApiKeyId { get; }

    public string SessionId { get; }

    /// <summary>When the lease lapses by itself unless the heartbeat renews it.</summary>
    public DateTimeOffset ExpiresAt { get; }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _released, 1) != 0)
            return;
        await _stopHeartbeat.CancelAsync().ConfigureAwait(false);
        await _heartbeat.ConfigureAwait(false);
        _stopHeartbeat.Dispose();
        await _release().ConfigureAwait(false);
    }

    private static async Task BeatAsync(Func<CancellationToken, Task> renew, TimeSpan every, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(every);
        try
        {
            while (await timer.WaitForNextTickAsync(stop).ConfigureAwait(false))
            {
                try
                {
                    await renew(stop).ConfigureAwait(false);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A missed beat is retried at the next tick; only a lease duration of them lets the lease lapse.
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}
