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
}

/// <summary>Proof that one request owns a session; disposing it releases the session.</summary>
public sealed class SessionLease : IAsyncDisposable
{
    private readonly Func<ValueTask> _release;
    private int _released;

    public SessionLease(string apiKeyId, string sessionId, DateTimeOffset expiresAt, Func<ValueTask> release)
    {
        ApiKeyId = apiKeyId;
        SessionId = sessionId;
        ExpiresAt = expiresAt;
        _release = release;
    }

    public string ApiKeyId { get; }

    public string SessionId { get; }

    /// <summary>When the lease lapses by itself if never released (a crashed request).</summary>
    public DateTimeOffset ExpiresAt { get; }

    public ValueTask DisposeAsync() =>
        Interlocked.Exchange(ref _released, 1) == 0 ? _release() : ValueTask.CompletedTask;
}
