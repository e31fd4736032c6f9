using System.Security.Cryptography;
using Npgsql;

namespace Cutout.Cluster.Storage;

/// <summary>
/// The PostgreSQL database every replica shares: one pooled data source, the schema (created or upgraded
/// at start-up under an advisory lock, so replicas starting together never race), and the small shared
/// settings (the link-signing key, API key hashes).
/// </summary>
public sealed class ClusterDatabase : IAsyncDisposable
{
    // Any fixed number: every replica takes the same lock while it migrates ("cutout" in ASCII).
    private const long MigrationLockId = 0x637574_6F7574;

    private ClusterDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    /// <summary>Connects with <paramref name="store"/> (a connection string or a postgres:// URL) and brings the schema up to date.</summary>
    public static async Task<ClusterDatabase> OpenAsync(string store, CancellationToken cancellationToken)
    {
        var database = new ClusterDatabase(NpgsqlDataSource.Create(StoreAddress.ToConnectionString(store)));
        try
        {
            await database.MigrateAsync(cancellationToken).ConfigureAwait(false);
            return database;
        }
        catch
        {
            await database.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Applies the migrations this version knows and the database has not seen, each in its own
    /// transaction, while holding a session advisory lock: a replica that starts at the same moment waits
    /// and then finds nothing left to do.
    /// </summary>
    private async Task MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await DataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"SELECT pg_advisory_lock({MigrationLockId})", cancellationToken).ConfigureAwait(false);
        try
        {
            await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS cutout_migrations (version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())", cancellationToken).ConfigureAwait(false);
            var applied = new HashSet<int>();
            await using (var query = new NpgsqlCommand("SELECT version FROM cutout_migrations", connection))
            await using (var reader = await query.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
                while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
                    applied.Add(reader.GetInt32(0));

            foreach (var (version, sql) in ClusterSchema.Migrations.Where(m => !applied.Contains(m.Version)))
            {
                await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                await using (var command = new NpgsqlCommand(sql, connection, transaction))
                    await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                await using (var record = new NpgsqlCommand("INSERT INTO cutout_migrations (version) VALUES ($1)", connection, transaction))
                {
                    record.Parameters.AddWithValue(version);
                    await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }
                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            await ExecuteAsync(connection, $"SELECT pg_advisory_unlock({MigrationLockId})", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The migrations recorded as applied, in order (what a replica found or did at start-up).</summary>
    public async Task<IReadOnlyList<int>> AppliedMigrationsAsync(CancellationToken cancellationToken)
    {
        var versions = new List<int>();
        await using var command = DataSource.CreateCommand("SELECT version FROM cutout_migrations ORDER BY version");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            versions.Add(reader.GetInt32(0));
        return versions;
    }

    /// <summary>
    /// A secret every replica must agree on (e.g. the key that signs result links): the first replica to ask
    /// creates it, the others read that one.
    /// </summary>
    public async Task<byte[]> GetOrCreateSecretAsync(string name, int bytes, CancellationToken cancellationToken)
    {
        await using var insert = DataSource.CreateCommand("INSERT INTO cutout_secrets (name, value) VALUES ($1, $2) ON CONFLICT (name) DO NOTHING");
        insert.Parameters.AddWithValue(name);
        insert.Parameters.AddWithValue(RandomNumberGenerator.GetBytes(bytes));
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        await using var select = DataSource.CreateCommand("SELECT value FROM cutout_secrets WHERE name = $1");
        select.Parameters.AddWithValue(name);
        return (byte[])(await select.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Adds SHA-256 digests of accepted API keys (already known ones are left alone).</summary>
    public async Task AddApiKeyDigestsAsync(IEnumerable<byte[]> digests, CancellationToken cancellationToken)
    {
        foreach (var digest in digests)
        {
            await using var command = DataSource.CreateCommand("INSERT INTO cutout_api_keys (digest) VALUES ($1) ON CONFLICT (digest) DO NOTHING");
            command.Parameters.AddWithValue(digest);
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Every accepted key's SHA-256 digest.</summary>
    public async Task<IReadOnlyList<byte[]>> ApiKeyDigestsAsync(CancellationToken cancellationToken)
    {
        var digests = new List<byte[]>();
        await using var command = DataSource.CreateCommand("SELECT digest FROM cutout_api_keys");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            digests.Add((byte[])reader[0]);
        return digests;
    }

    /// <summary>Null when the database answers; else why not, in one line.</summary>
    public async Task<string?> ProbeAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var command = DataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
            return null;
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return e.Message;
        }
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
