using Cutout.Chat.Execution;
using Npgsql;
using NpgsqlTypes;

namespace Cutout.Cluster.Storage;

/// <summary>
/// Results and kept source photos as <c>bytea</c> rows, so a link made by one replica downloads from any
/// other. Images over <see cref="MaxBytes"/> are refused: large blobs belong in an object store behind the
/// same <see cref="IImageStore"/> interface, not in the database.
/// </summary>
public sealed class PostgresImageStore(ClusterDatabase database, long maxBytes = PostgresImageStore.DefaultMaxBytes) : IImageStore
{
    public const long DefaultMaxBytes = 64L * 1024 * 1024;

    public long MaxBytes => maxBytes;

    public async Task<StoredImage> SaveAsync(string owner, byte[] bytes, string contentType, int width, int height, string? model, CancellationToken cancellationToken)
    {
        if (bytes.LongLength > maxBytes)
            throw new IOException($"The image is {bytes.LongLength / (1024.0 * 1024):0.#} MB, over the store's cap of {maxBytes / (1024 * 1024)} MB per image.");
        var stored = new StoredImage(ResultStore.NewId(), owner, contentType, width, height, model, DateTimeOffset.UtcNow);
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO cutout_images (id, owner, content_type, width, height, model, created_at, bytes) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            """);
        command.Parameters.AddWithValue(stored.Id);
        command.Parameters.AddWithValue(owner);
        command.Parameters.AddWithValue(contentType);
        command.Parameters.AddWithValue(width);
        command.Parameters.AddWithValue(height);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)model ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text });
        command.Parameters.AddWithValue(stored.CreatedAt);
        command.Parameters.AddWithValue(bytes);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    public async Task<StoredImage?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (!ResultStore.IsResultId(id))
            return null;
        await using var command = database.DataSource.CreateCommand("SELECT owner, content_type, width, height, model, created_at FROM cutout_images WHERE id = $1");
        command.Parameters.AddWithValue(id);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        return new StoredImage(id, reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3),
            reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5));
    }

    public async Task<Stream> OpenReadAsync(StoredImage image, CancellationToken cancellationToken) =>
        new MemoryStream(await ReadAllBytesAsync(image, cancellationToken).ConfigureAwait(false), writable: false);

    public async Task<byte[]> ReadAllBytesAsync(StoredImage image, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT bytes FROM cutout_images WHERE id = $1");
        command.Parameters.AddWithValue(image.Id);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[]
            ?? throw new FileNotFoundException($"Image {image.Id} was deleted.");
    }

    public async Task<int> PurgeCreatedBeforeAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("DELETE FROM cutout_images WHERE created_at < $1");
        command.Parameters.AddWithValue(cutoff.ToUniversalTime());
        int images = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        // Job results are only read while their batch or chat turn waits; the same retention bounds them.
        await using var jobs = database.DataSource.CreateCommand("DELETE FROM cutout_job_results WHERE completed_at < $1");
        jobs.Parameters.AddWithValue(cutoff.ToUniversalTime());
        await jobs.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        return images;
    }
}
