namespace Cutout.Cluster.Storage;

/// <summary>The outcome of counting one request against a fixed window.</summary>
public readonly record struct WindowCount(bool Allowed, int Remaining, TimeSpan ResetAfter);

/// <summary>
/// Fixed rate-limit windows counted in the database, so a key's quota is one quota however many replicas
/// its requests reach. Each request is one atomic upsert-and-increment; old windows are deleted now and then.
/// </summary>
public sealed class SharedRateWindows(ClusterDatabase database, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private long _lastCleanupTicks;

    public async Task<WindowCount> CountAsync(string partition, int limit, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = _clock.GetUtcNow();
        long windowTicks = window.Ticks;
        var start = new DateTimeOffset(now.UtcTicks - now.UtcTicks % windowTicks, TimeSpan.Zero);
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO cutout_rate_windows (partition_key, window_start, used) VALUES ($1, $2, 1)
            ON CONFLICT (partition_key, window_start) DO UPDATE SET used = cutout_rate_windows.used + 1
            RETURNING used
            """);
        command.Parameters.AddWithValue(partition);
        command.Parameters.AddWithValue(start);
        int used = (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
        await DeleteOldWindowsAsync(start, window, cancellationToken).ConfigureAwait(false);
        return new WindowCount(used <= limit, Math.Max(0, limit - used), start + window - now);
    }

    private async Task DeleteOldWindowsAsync(DateTimeOffset currentStart, TimeSpan window, CancellationToken cancellationToken)
    {
        long last = Interlocked.Read(ref _lastCleanupTicks);
        if (currentStart.UtcTicks - last < window.Ticks || Interlocked.CompareExchange(ref _lastCleanupTicks, currentStart.UtcTicks, last) != last)
            return;
        await using var command = database.DataSource.CreateCommand("DELETE FROM cutout_rate_windows WHERE window_start < $1");
        command.Parameters.AddWithValue(currentStart);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
