using Cutout.Chat.Sessions;
using Npgsql;

namespace Cutout.Cluster.Storage;

/// <summary>
/// Sessions in PostgreSQL, shared by every server replica, with the same rules as the SQLite store: scoped
/// by API key, trimmed to the newest exchanges, expired after <see cref="SessionStoreOptions.Expiry"/>, and a
/// busy lease taken by one conditional upsert, so two replicas can never both run a turn of one session.
/// </summary>
public sealed class PostgresSessionStore : ISessionStore
{
    private readonly NpgsqlDataSource _db;
    private readonly SessionStoreOptions _options;
    private readonly TimeProvider _clock;

    public PostgresSessionStore(ClusterDatabase database, SessionStoreOptions options, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxExchangesPerSession, 1, nameof(options.MaxExchangesPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Expiry, TimeSpan.Zero, nameof(options.Expiry));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseDuration, TimeSpan.Zero, nameof(options.LeaseDuration));
        _db = database.DataSource;
        _options = options;
        _clock = clock ?? TimeProvider.System;
    }

    public async Task<Session?> FindAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        DateTimeOffset createdAt, updatedAt;
        await using (var query = Command(connection, null, """
            SELECT created_at, updated_at FROM cutout_sessions WHERE key_id = $1 AND session_id = $2 AND updated_at > $3
            """, apiKeyId, sessionId, Cutoff()))
        await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            createdAt = reader.GetFieldValue<DateTimeOffset>(0);
            updatedAt = reader.GetFieldValue<DateTimeOffset>(1);
        }

        var exchanges = new List<SessionExchange>();
        await using (var history = Command(connection, null, """
            SELECT timestamp, user_prompt, chatbot_response, generated_media_urls, plan_json, result_ids, source_image_refs
            FROM cutout_exchanges WHERE key_id = $1 AND session_id = $2 ORDER BY id
            """, apiKeyId, sessionId))
        await using (var reader = await history.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                exchanges.Add(new SessionExchange
                {
                    Timestamp = reader.GetFieldValue<DateTimeOffset>(0),
                    UserPrompt = reader.GetString(1),
                    ChatbotResponse = reader.GetString(2),
                    GeneratedMediaUrls = SessionColumns.ReadList(reader.GetString(3)),
                    Plan = reader.IsDBNull(4) ? null : SessionColumns.ReadPlan(reader.GetString(4)),
                    ResultIds = SessionColumns.ReadList(reader.GetString(5)),
                    SourceImageRefs = SessionColumns.ReadList(reader.GetString(6)),
                });
            }
        }
        return new Session(new SessionInfo(sessionId, createdAt, updatedAt, exchanges.Count), exchanges);
    }

    public async Task AppendAsync(string apiKeyId, string sessionId, SessionExchange exchange, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var now = _clock.GetUtcNow();
        await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO cutout_sessions (key_id, session_id, created_at, updated_at) VALUES ($1, $2, $3, $3)
            ON CONFLICT (key_id, session_id) DO UPDATE SET updated_at = excluded.updated_at
            """, cancellationToken, apiKeyId, sessionId, now).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO cutout_exchanges (key_id, session_id, timestamp, user_prompt, chatbot_response, generated_media_urls,
                                          plan_json, result_ids, source_image_refs)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
            """, cancellationToken,
            apiKeyId, sessionId, exchange.Timestamp.ToUniversalTime(), exchange.UserPrompt, exchange.ChatbotResponse,
            SessionColumns.WriteList(exchange.GeneratedMediaUrls), exchange.Plan?.ToJson(),
            SessionColumns.WriteList(exchange.ResultIds), SessionColumns.WriteList(exchange.SourceImageRefs)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            DELETE FROM cutout_exchanges WHERE key_id = $1 AND session_id = $2 AND id NOT IN (
                SELECT id FROM cutout_exchanges WHERE key_id = $1 AND session_id = $2 ORDER BY id DESC LIMIT $3)
            """, cancellationToken, apiKeyId, sessionId, _options.MaxExchangesPerSession).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string apiKeyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, """
            SELECT s.session_id, s.created_at, s.updated_at,
                   (SELECT COUNT(*)::int FROM cutout_exchanges e WHERE e.key_id = s.key_id AND e.session_id = s.session_id)
            FROM cutout_sessions s WHERE s.key_id = $1 AND s.updated_at > $2
            ORDER BY s.updated_at DESC, s.session_id
            """, apiKeyId, Cutoff());
        var sessions = new List<SessionInfo>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sessions.Add(new SessionInfo(reader.GetString(0), reader.GetFieldValue<DateTimeOffset>(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetInt32(3)));
        return sessions;
    }

    public async Task<bool> DeleteAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // An expired session is already gone as far as the caller can tell: clean it up but report false.
        bool existed = await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, cancellationToken).ConfigureAwait(false) == 0
            && await ExecuteAsync(connection, transaction, "DELETE FROM cutout_sessions WHERE key_id = $1 AND session_id = $2",
                cancellationToken, apiKeyId, sessionId).ConfigureAwait(false) > 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public async Task<SessionLease?> TryAcquireAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        string owner = Guid.NewGuid().ToString("N");
        var now = _clock.GetUtcNow();
        var until = now + _options.LeaseDuration;
        await using (var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false))
        {
            await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, cancellationToken).ConfigureAwait(false);
            int taken = await ExecuteAsync(connection, transaction, """
                INSERT INTO cutout_sessions (key_id, session_id, created_at, updated_at, lease_owner, lease_until)
                VALUES ($1, $2, $3, $3, $4, $5)
                ON CONFLICT (key_id, session_id) DO UPDATE
                    SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
                    WHERE cutout_sessions.lease_until IS NULL OR cutout_sessions.lease_until <= $3
                """, cancellationToken, apiKeyId, sessionId, now, owner, until).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (taken == 0)
                return null;
        }
        return new SessionLease(apiKeyId, sessionId, until, () => new ValueTask(ReleaseAsync(apiKeyId, sessionId, owner)),
            renew: token => RenewAsync(apiKeyId, sessionId, owner, token), renewEvery: _options.LeaseDuration / 3);
    }

    private async Task RenewAsync(string apiKeyId, string sessionId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            UPDATE cutout_sessions SET lease_until = $4 WHERE key_id = $1 AND session_id = $2 AND lease_owner = $3
            """, cancellationToken, apiKeyId, sessionId, owner, _clock.GetUtcNow() + _options.LeaseDuration).ConfigureAwait(false);
    }

    /// <summary>
    /// Other replicas share this table, so only leases whose heartbeat has stopped (expired) are freed; a live
    /// replica's lease is renewed every third of its duration and stays.
    /// </summary>
    public async Task<int> ReleaseAbandonedLeasesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, """
            UPDATE cutout_sessions SET lease_owner = NULL, lease_until = NULL WHERE lease_until <= $1
            """, cancellationToken, _clock.GetUtcNow()).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(string apiKeyId, string sessionId, string owner)
    {
        await using var connection = await _db.OpenConnectionAsync(CancellationToken.None).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            UPDATE cutout_sessions SET lease_owner = NULL, lease_until = NULL WHERE key_id = $1 AND session_id = $2 AND lease_owner = $3
            """, CancellationToken.None, apiKeyId, sessionId, owner).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await _db.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        // A session a request is working on right now stays, however old: that request is about to append to it.
        return await ExecuteAsync(connection, null, """
            DELETE FROM cutout_sessions WHERE updated_at <= $1 AND NOT COALESCE(lease_until > $2, false)
            """, cancellationToken, Cutoff(), _clock.GetUtcNow()).ConfigureAwait(false);
    }

    /// <summary>Deletes the session when it has expired, so a write starts it afresh; returns sessions deleted (its exchanges cascade).</summary>
    private Task<int> ForgetIfExpiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string apiKeyId, string sessionId, CancellationToken cancellationToken) =>
        ExecuteAsync(connection, transaction, "DELETE FROM cutout_sessions WHERE key_id = $1 AND session_id = $2 AND updated_at <= $3",
            cancellationToken, apiKeyId, sessionId, Cutoff());

    private DateTimeOffset Cutoff() => _clock.GetUtcNow() - _options.Expiry;


    private static NpgsqlCommand Command(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, params object?[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var value in parameters)
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        return command;
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
