using System.Text.Json;
using Cutout.Cluster.Storage;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Presets;
using Npgsql;
using NpgsqlTypes;

namespace Cutout.Cluster.Jobs;

/// <summary>What became of a job: its cutout, or the error that ended it for good.</summary>
public sealed record JobOutcome(string JobId, CutoutResult? Result, string? Error, string Worker)
{
    public bool Succeeded => Result is not null;

    /// <summary>What kind of failure <see cref="Error"/> is (bad image, bad option, ...); null for an unexpected one.</summary>
    public CutoutErrorKind? ErrorKind { get; init; }
}

/// <summary>
/// The outcome of every job, keyed by job id. The first outcome written wins and later writes of the same
/// job change nothing, so a job redelivered after a worker died, or sent again by a resumed batch, still has
/// exactly one result. Every start is logged too, which is how a redelivery shows.
/// </summary>
public sealed class JobResults(ClusterDatabase database)
{
    /// <summary>Records that <paramref name="worker"/> began the job.</summary>
    public async Task RecordStartAsync(string jobId, string worker, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("INSERT INTO cutout_job_runs (job_id, worker) VALUES ($1, $2)");
        command.Parameters.AddWithValue(jobId);
        command.Parameters.AddWithValue(worker);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>How many times workers began the job.</summary>
    public async Task<int> RunCountAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("SELECT COUNT(*)::int FROM cutout_job_runs WHERE job_id = $1");
        command.Parameters.AddWithValue(jobId);
        return (int)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    /// <summary>Stores the outcome unless the job already has one; true when this call's outcome is the one kept.</summary>
    public async Task<bool> SaveAsync(JobOutcome outcome, CancellationToken cancellationToken)
    {
        var result = outcome.Result;
        await using var command = database.DataSource.CreateCommand("""
            INSERT INTO cutout_job_results (job_id, succeeded, error, error_kind, format, width, height, model, timings, compliance, background, coverage, confidence, bytes, worker, source_placement)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
            ON CONFLICT (job_id) DO NOTHING
            """);
        command.Parameters.AddWithValue(outcome.JobId);
        command.Parameters.AddWithValue(outcome.Succeeded);
        Add(command, outcome.Error, NpgsqlDbType.Text);
        Add(command, outcome.ErrorKind?.ToString(), NpgsqlDbType.Text);
        Add(command, result?.Format.ToString(), NpgsqlDbType.Text);
        Add(command, result?.Width, NpgsqlDbType.Integer);
        Add(command, result?.Height, NpgsqlDbType.Integer);
        Add(command, result?.Model, NpgsqlDbType.Text);
        Add(command, result is null ? null : JsonSerializer.Serialize(result.Timings), NpgsqlDbType.Text);
        Add(command, result?.Compliance is { } compliance ? JsonSerializer.Serialize(compliance) : null, NpgsqlDbType.Text);
        Add(command, result?.Background, NpgsqlDbType.Text);
        Add(command, result?.Subject.Coverage, NpgsqlDbType.Double);
        Add(command, result?.Subject.Confidence, NpgsqlDbType.Double);
        Add(command, result?.Encoded, NpgsqlDbType.Bytea);
        command.Parameters.AddWithValue(outcome.Worker);
        Add(command, result?.SourceOnCanvas is { } placement ? JsonSerializer.Serialize(placement) : null, NpgsqlDbType.Text);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
    }

    public async Task<JobOutcome?> FindAsync(string jobId, CancellationToken cancellationToken)
    {
        await using var command = database.DataSource.CreateCommand("""
            SELECT succeeded, error, format, width, height, model, timings, compliance, background, bytes, worker, error_kind, coverage, confidence, source_placement
            FROM cutout_job_results WHERE job_id = $1
            """);
        command.Parameters.AddWithValue(jobId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            return null;
        string worker = reader.GetString(10);
        if (!reader.GetBoolean(0))
            return new JobOutcome(jobId, null, reader.GetString(1), worker) 
            {
                ErrorKind = reader.IsDBNull(11) ? null : Enum.Parse<CutoutErrorKind>(reader.GetString(11)),
            };
        var result = new CutoutResult(
            (byte[])reader[9],
            Enum.Parse<OutputFormat>(reader.GetString(2)),
            reader.GetInt32(3),
            reader.GetInt32(4),
            reader.GetString(5),
            JsonSerializer.Deserialize<StageTimings>(reader.GetString(6))!)
        {
            Compliance = reader.IsDBNull(7) ? null : JsonSerializer.Deserialize<PresetReport>(reader.GetString(7)),
            Background = reader.GetString(8),
            Subject = new SubjectPresence(reader.GetDouble(12), reader.GetDouble(13)),
            SourceOnCanvas = reader.IsDBNull(14) ? null : JsonSerializer.Deserialize<Compositing.SourcePlacement>(reader.GetString(14)),
        };
        return new JobOutcome(jobId, result, null, worker);
    }

    private static void Add(NpgsqlCommand command, object? value, NpgsqlDbType type) =>
        command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value, NpgsqlDbType = type });
}
