using Microsoft.Data.Sqlite;

namespace Cutout.Chat.Sessions;

/// <summary>
/// Sessions in one SQLite file (WAL journal, so readers never wait for the writer). Every statement is
/// parameterised; times are stored as Unix milliseconds (UTC). The busy lease lives in the session row
/// and is taken with one conditional upsert, which SQLite runs atomically, so concurrent requests in
/// this process cannot both win it. The file belongs to one server: at start-up it frees every lease left in it.
/// </summary>
public sealed class SqliteSessionStore : ISessionStore
{
    private readonly SessionStoreOptions _options;
    private readonly TimeProvider _clock;
    private readonly string _connectionString;

    public SqliteSessionStore(SessionStoreOptions options, TimeProvider? clock = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxExchangesPerSession, 1, nameof(options.MaxExchangesPerSession));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.Expiry, TimeSpan.Zero, nameof(options.Expiry));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(options.LeaseDuration, TimeSpan.Zero, nameof(options.LeaseDuration));
        _options = options;
        _clock = clock ?? TimeProvider.System;
        Directory.CreateDirectory(options.DataDirectory);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = options.DatabasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
        }.ToString();
        CreateSchema();
    }

    private void CreateSchema()
    {
        using var connection = Open();
        Execute(connection, null, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS sessions (
                key_id      TEXT    NOT NULL,
                session_id  TEXT    NOT NULL,
                created_at  INTEGER NOT NULL,
                updated_at  INTEGER NOT NULL,
                lease_owner TEXT,
                lease_until INTEGER,
                PRIMARY KEY (key_id, session_id)
            ) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS exchanges (
                id                   INTEGER PRIMARY KEY AUTOINCREMENT,
                key_id               TEXT    NOT NULL,
                session_id           TEXT    NOT NULL,
                timestamp            INTEGER NOT NULL,
                user_prompt          TEXT    NOT NULL,
                chatbot_response     TEXT    NOT NULL,
                generated_media_urls TEXT    NOT NULL,
                plan_json            TEXT,
                result_ids           TEXT    NOT NULL,
                source_image_refs    TEXT    NOT NULL
            );
            CREATE INDEX IF NOT EXISTS exchanges_by_session ON exchanges (key_id, session_id, id);
            """);
    }

    public async Task<Session?> FindAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        long now = Now();
        await using var sessionQuery = Command(connection, null, """
            SELECT created_at, updated_at FROM sessions
            WHERE key_id = $key AND session_id = $session AND updated_at > $cutoff
            """, ("$key", apiKeyId), ("$session", sessionId), ("$cutoff", now - ExpiryMs));
        long createdAt, updatedAt;
        await using (var reader = await sessionQuery.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                return null;
            createdAt = reader.GetInt64(0);
            updatedAt = reader.GetInt64(1);
        }

        await using var historyQuery = Command(connection, null, """
            SELECT timestamp, user_prompt, chatbot_response, generated_media_urls, plan_json, result_ids, source_image_refs
            FROM exchanges WHERE key_id = $key AND session_id = $session ORDER BY id
            """, ("$key", apiKeyId), ("$session", sessionId));
        var exchanges = new List<SessionExchange>();
        await using (var reader = await historyQuery.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                exchanges.Add(new SessionExchange
                {
                    Timestamp = FromMs(reader.GetInt64(0)),
                    UserPrompt = reader.GetString(1),
                    ChatbotResponse = reader.GetString(2),
                    GeneratedMediaUrls = SessionColumns.ReadList(reader.GetString(3)),
                    Plan = reader.IsDBNull(4) ? null : SessionColumns.ReadPlan(reader.GetString(4)),
                    ResultIds = SessionColumns.ReadList(reader.GetString(5)),
                    SourceImageRefs = SessionColumns.ReadList(reader.GetString(6)),
                });
            }
        }
        return new Session(new SessionInfo(sessionId, FromMs(createdAt), FromMs(updatedAt), exchanges.Count), exchanges);
    }

    public async Task AppendAsync(string apiKeyId, string sessionId, SessionExchange exchange, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginImmediate(connection);
        long now = Now();
        await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, now, cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO sessions (key_id, session_id, created_at, updated_at) VALUES ($key, $session, $now, $now)
            ON CONFLICT (key_id, session_id) DO UPDATE SET updated_at = excluded.updated_at
            """, cancellationToken, ("$key", apiKeyId), ("$session", sessionId), ("$now", now)).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            INSERT INTO exchanges (key_id, session_id, timestamp, user_prompt, chatbot_response, generated_media_urls,
                                   plan_json, result_ids, source_image_refs)
            VALUES ($key, $session, $timestamp, $prompt, $response, $media, $plan, $results, $sources)
            """, cancellationToken,
            ("$key", apiKeyId), ("$session", sessionId),
            ("$timestamp", exchange.Timestamp.ToUnixTimeMilliseconds()),
            ("$prompt", exchange.UserPrompt), ("$response", exchange.ChatbotResponse),
            ("$media", SessionColumns.WriteList(exchange.GeneratedMediaUrls)),
            ("$plan", exchange.Plan?.ToJson()),
            ("$results", SessionColumns.WriteList(exchange.ResultIds)),
            ("$sources", SessionColumns.WriteList(exchange.SourceImageRefs))).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            DELETE FROM exchanges WHERE key_id = $key AND session_id = $session AND id NOT IN (
                SELECT id FROM exchanges WHERE key_id = $key AND session_id = $session ORDER BY id DESC LIMIT $keep)
            """, cancellationToken, ("$key", apiKeyId), ("$session", sessionId), ("$keep", _options.MaxExchangesPerSession)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<SessionInfo>> ListAsync(string apiKeyId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var query = Command(connection, null, """
            SELECT s.session_id, s.created_at, s.updated_at,
                   (SELECT COUNT(*) FROM exchanges e WHERE e.key_id = s.key_id AND e.session_id = s.session_id)
            FROM sessions s WHERE s.key_id = $key AND s.updated_at > $cutoff
            ORDER BY s.updated_at DESC, s.session_id
            """, ("$key", apiKeyId), ("$cutoff", Now() - ExpiryMs));
        var sessions = new List<SessionInfo>();
        await using var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            sessions.Add(new SessionInfo(reader.GetString(0), FromMs(reader.GetInt64(1)), FromMs(reader.GetInt64(2)), reader.GetInt32(3)));
        return sessions;
    }

    public async Task<bool> DeleteAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginImmediate(connection);
        long now = Now();
        // An expired session is already gone as far as the caller can tell: clean it up but report false.
        bool existed = await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, now, cancellationToken).ConfigureAwait(false) == 0
            && await DeleteSessionAsync(connection, transaction, apiKeyId, sessionId, cancellationToken).ConfigureAwait(false) > 0;
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return existed;
    }

    public async Task<SessionLease?> TryAcquireAsync(string apiKeyId, string sessionId, CancellationToken cancellationToken = default)
    {
        string owner = Guid.NewGuid().ToString("N");
        long now = Now();
        long until = now + (long)_options.LeaseDuration.TotalMilliseconds;
        await using (var connection = await OpenAsync(cancellationToken).ConfigureAwait(false))
        await using (var transaction = BeginImmediate(connection))
        {
            await ForgetIfExpiredAsync(connection, transaction, apiKeyId, sessionId, now, cancellationToken).ConfigureAwait(false);
            int taken = await ExecuteAsync(connection, transaction, """
                INSERT INTO sessions (key_id, session_id, created_at, updated_at, lease_owner, lease_until)
                VALUES ($key, $session, $now, $now, $owner, $until)
                ON CONFLICT (key_id, session_id) DO UPDATE
                    SET lease_owner = excluded.lease_owner, lease_until = excluded.lease_until, updated_at = excluded.updated_at
                    WHERE sessions.lease_until IS NULL OR sessions.lease_until <= $now
                """, cancellationToken, ("$key", apiKeyId), ("$session", sessionId), ("$now", now), ("$owner", owner), ("$until", until)).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            if (taken == 0)
                return null;
        }
        return new SessionLease(apiKeyId, sessionId, FromMs(until), () => new ValueTask(ReleaseAsync(apiKeyId, sessionId, owner)),
            renew: cancellationToken => RenewAsync(apiKeyId, sessionId, owner, cancellationToken), renewEvery: _options.LeaseDuration / 3);
    }

    private async Task RenewAsync(string apiKeyId, string sessionId, string owner, CancellationToken cancellationToken)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            UPDATE sessions SET lease_until = $until
            WHERE key_id = $key AND session_id = $session AND lease_owner = $owner
            """, cancellationToken, ("$key", apiKeyId), ("$session", sessionId), ("$owner", owner),
            ("$until", Now() + (long)_options.LeaseDuration.TotalMilliseconds)).ConfigureAwait(false);
    }

    /// <summary>The database file belongs to one server, so at its start every lease in it is a dead request's.</summary>
    public async Task<int> ReleaseAbandonedLeasesAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        return await ExecuteAsync(connection, null, "UPDATE sessions SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL",
            cancellationToken).ConfigureAwait(false);
    }

    private async Task ReleaseAsync(string apiKeyId, string sessionId, string owner)
    {
        await using var connection = await OpenAsync(CancellationToken.None).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            UPDATE sessions SET lease_owner = NULL, lease_until = NULL
            WHERE key_id = $key AND session_id = $session AND lease_owner = $owner
            """, CancellationToken.None, ("$key", apiKeyId), ("$session", sessionId), ("$owner", owner)).ConfigureAwait(false);
    }

    public async Task<int> PurgeExpiredAsync(CancellationToken cancellationToken = default)
    {
        await using var connection = await OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = BeginImmediate(connection);
        long now = Now();
        // A session a request is working on right now stays, however old: that request is about to append to it.
        const string Expired = "updated_at <= $cutoff AND NOT IFNULL(lease_until > $now, 0)";
        await ExecuteAsync(connection, transaction, $"""
            DELETE FROM exchanges WHERE (key_id, session_id) IN (SELECT key_id, session_id FROM sessions WHERE {Expired})
            """, cancellationToken, ("$cutoff", now - ExpiryMs), ("$now", now)).ConfigureAwait(false);
        int purged = await ExecuteAsync(connection, transaction, $"DELETE FROM sessions WHERE {Expired}",
            cancellationToken, ("$cutoff", now - ExpiryMs), ("$now", now)).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return purged;
    }

    /// <summary>Deletes the session when it has expired, so a write starts it afresh; returns sessions deleted.</summary>
    private async Task<int> ForgetIfExpiredAsync(SqliteConnection connection, SqliteTransaction transaction, string apiKeyId, string sessionId, long now, CancellationToken cancellationToken)
    {
        await using var probe = Command(connection, transaction, """
            SELECT 1 FROM sessions WHERE key_id = $key AND session_id = $session AND updated_at <= $cutoff
            """, ("$key", apiKeyId), ("$session", sessionId), ("$cutoff", now - ExpiryMs));
        if (await probe.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is null)
            return 0;
        return await DeleteSessionAsync(connection, transaction, apiKeyId, sessionId, cancellationToken).ConfigureAwait(false);
    }

    private static async Task<int> DeleteSessionAsync(SqliteConnection connection, SqliteTransaction transaction, string apiKeyId, string sessionId, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, transaction, "DELETE FROM exchanges WHERE key_id = $key AND session_id = $session",
            cancellationToken, ("$key", apiKeyId), ("$session", sessionId)).ConfigureAwait(false);
        return await ExecuteAsync(connection, transaction, "DELETE FROM sessions WHERE key_id = $key AND session_id = $session",
            cancellationToken, ("$key", apiKeyId), ("$session", sessionId)).ConfigureAwait(false);
    }

    private long ExpiryMs => (long)_options.Expiry.TotalMilliseconds;

    private long Now() => _clock.GetUtcNow().ToUnixTimeMilliseconds();

    private static DateTimeOffset FromMs(long ms) => DateTimeOffset.FromUnixTimeMilliseconds(ms);


    /// <summary>IMMEDIATE takes the write lock up front, so a read-then-write transaction never fails halfway on a busy database.</summary>
    private static SqliteTransaction BeginImmediate(SqliteConnection connection) => connection.BeginTransaction(deferred: false);

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, SqliteTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Transaction = transaction;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        return command;
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = Command(connection, transaction, sql);
        command.ExecuteNonQuery();
    }

    private static async Task<int> ExecuteAsync(SqliteConnection connection, SqliteTransaction? transaction, string sql, CancellationToken cancellationToken, params (string Name, object? Value)[] parameters)
    {
        await using var command = Command(connection, transaction, sql, parameters);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
