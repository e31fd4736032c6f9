using System.Text.Json;
using Cutout.Cluster.Jobs;
using Cutout.Cluster.Tests.Services;
using Cutout.Segmentation;
using Cutout.Tests;
using Npgsql;
using RabbitMQ.Client;
using SkiaSharp;
using Cutout.Evaluation;

namespace Cutout.Cluster.Tests;

/// <summary>
/// <c>cutout batch --broker --store</c> with two real <c>cutout worker</c> processes: one worker is killed
/// mid-job and the batch itself is killed and resumed, yet every photo comes out once, complete, and as
/// good as a local cut-out; a poison image ends in the dead-letter queue and in the report.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BrokerBatchTests(ClusterFixture cluster) : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cutout-broker-batch-");

    [SkippableFact]
    public async Task A_batch_survives_a_killed_worker_and_a_killed_batch_and_dead_letters_the_poison_image()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("batch");
        var broker = await cluster.Rabbit.CreateVirtualHostAsync("batch");
        var (input, photos) = PrepareInput();
        var output = Path.Combine(_work.FullName, "out");
        string[] cluster_ = ["--broker", broker, "--store", store];

        await using var workerA = CutoutProcess.Start("worker-a", ["worker", "--name", "worker-a", "--prefetch", "2", "--device", "cpu", .. cluster_]);
        await using var workerB = CutoutProcess.Start("worker-b", ["worker", "--name", "worker-b", "--prefetch", "2", "--device", "cpu", .. cluster_]);
        string[] batchArguments = ["batch", input, "-o", output, "--mode", "eco", .. cluster_];
        await using var database = NpgsqlDataSource.Create(store);

        await using (var firstRun = CutoutProcess.Start("batch (first run)", [.. batchArguments, "--report", Path.Combine(_work.FullName, "first.json")]))
        {
            string Diagnostics() => $"worker-a:\n{workerA.Output}\nworker-b:\n{workerB.Output}\nbatch:\n{firstRun.Output}";
            // Worker A dies while it holds a job it has begun and not finished.
            await Eventually.HoldsAsync(async () => await CountAsync(database, """
                SELECT COUNT(*) FROM cutout_job_runs r WHERE r.worker = 'worker-a'
                AND NOT EXISTS (SELECT 1 FROM cutout_job_results x WHERE x.job_id = r.job_id)
                """) > 0 && await CountAsync(database, "SELECT COUNT(*) FROM cutout_job_results") >= 3,
                TimeSpan.FromMinutes(3), "worker A holding an unfinished job", Diagnostics);
            workerA.KillHard();
            // Then the batch command itself dies part-way.
            await Eventually.HoldsAsync(() => Task.FromResult(OutputsIn(output).Count >= 15), TimeSpan.FromMinutes(3), "15 outputs written", Diagnostics);
            firstRun.KillHard();
        }
        int writtenBeforeResume = OutputsIn(output).Count;

        await using var resumed = CutoutProcess.Start("batch (resumed)", [.. batchArguments, "--skip-existing", "--report", Path.Combine(_work.FullName, "report.json")]);
        int exitCode = await resumed.WaitForExitAsync(TimeSpan.FromMinutes(5));
        Assert.True(exitCode == 1, $"exit code {exitCode} (1 = a file failed):\n{resumed.Output}");

        // The report reads like a local batch's: every file, the poison one failed with the reason.
        using var report = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(_work.FullName, "report.json")));
        var root = report.RootElement;
        Assert.Equal(photos.Count + 1, root.GetProperty("total").GetInt32());
        Assert.Equal(1, root.GetProperty("failed").GetInt32());
        Assert.Equal(writtenBeforeResume, root.GetProperty("skipped").GetInt32());
        Assert.Equal(photos.Count, root.GetProperty("succeeded").GetInt32() + root.GetProperty("skipped").GetInt32());
        var poison = root.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("status").GetString() == "failed");
        Assert.Equal("poison.jpg", poison.GetProperty("input").GetString());
        Assert.Contains($"failed {JobBroker.MaxDeliveries} times; moved to {JobBroker.DeadLetterQueue}", poison.GetProperty("error").GetString());
        Assert.Contains("poison.jpg", resumed.Output);

        // Every photo is there once, complete and decodable, at its own size, with a real cut-out in it.
        var outputs = OutputsIn(output);
        Assert.Equal(photos.Count, outputs.Count);
        foreach (var (name, width, height) in photos)
        {
            using var bitmap = SKBitmap.Decode(Path.Combine(output, Path.ChangeExtension(name, ".png")));
            Assert.True(bitmap is not null, $"{name}: output missing or not decodable");
            Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        }
        Assert.DoesNotContain(Directory.GetFiles(output), f => !Path.GetFileName(f).StartsWith('.') && Path.GetExtension(f) != ".png");

        // Exactly one stored outcome per job; the jobs worker A died holding were finished by worker B.
        Assert.Equal(photos.Count + 1, await CountAsync(database, "SELECT COUNT(*) FROM cutout_job_results"));
        Assert.Equal(photos.Count, await CountAsync(database, "SELECT COUNT(*) FROM cutout_job_results WHERE succeeded"));
        var orphaned = await ListAsync(database, """
            SELECT DISTINCT job_id FROM cutout_job_runs WHERE worker = 'worker-a'
            EXCEPT SELECT job_id FROM cutout_job_results WHERE worker = 'worker-a'
            """);
        Assert.NotEmpty(orphaned);
        foreach (var job in orphaned)
            Assert.Equal(["worker-b"], await ListAsync(database, $"SELECT worker FROM cutout_job_results WHERE job_id = '{job}'"));

        // The poison image sits in the dead-letter queue and nothing is left waiting.
        var factory = new ConnectionFactory { Uri = new Uri(broker) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(JobBroker.JobQueue)).MessageCount);
        var dead = new List<string>();
        while (await channel.BasicGetAsync(JobBroker.DeadLetterQueue, autoAck: true) is { } message)
            dead.Add(message.BasicProperties.MessageId!);
        Assert.NotEmpty(dead);
        var poisonJob = await ListAsync(database, "SELECT job_id FROM cutout_job_results WHERE NOT succeeded");
        Assert.All(dead, id => Assert.Equal(poisonJob.Single(), id));

        await AssertSameQualityAsLocalAsync(input, output, photos.Take(2).Select(p => p.Name));
    }

    /// <summary>A worker's cut-out is the one this machine makes itself from the same photo and options.</summary>
    private static async Task AssertSameQualityAsLocalAsync(string input, string output, IEnumerable<string> names)
    {
        var models = NpmModelStore.FromEnvironment();
        using var remover = new Remover(new RemoverSettings { ModelStore = models, Device = ExecutionDevice.Cpu, OptimizedModels = OptimizedModelCache.Beside(models) });
        foreach (var name in names)
        {
            var local = await remover.RemoveFileAsync(Path.Combine(input, name), new CutoutOptions { Mode = QualityMode.Eco });
            using var expected = SKBitmap.Decode(local.Encoded);
            using var actual = SKBitmap.Decode(Path.Combine(output, Path.ChangeExtension(name, ".png")));
            double difference = 0;
            for (int y = 0; y < expected.Height; y++)
                for (int x = 0; x < expected.Width; x++)
                    difference += Math.Abs(expected.GetPixel(x, y).Alpha - actual.GetPixel(x, y).Alpha);
            double meanLevels = difference / (expected.Width * expected.Height);
            Assert.True(meanLevels < 0.5, $"{name}: alpha differs from a local cut-out by {meanLevels:F3} levels on average");
        }
    }

    /// <summary>40 photos: the dev photos, each repeated under other names, and one file that only looks like a JPEG.</summary>
    private (string Directory, List<(string Name, int Width, int Height)> Photos) PrepareInput()
    {
        var input = Directory.CreateDirectory(Path.Combine(_work.FullName, "in")).FullName;
        var real = Path.GetDirectoryName(RepositoryTestData.Real("ccp-0010.jpg"))!;
        var sources = Directory.GetFiles(real, "*.jpg").Order().ToList();
        var photos = new List<(string, int, int)>();
        for (int i = 0; i < 40; i++)
        {
            var source = sources[i % sources.Count];
            var name = i < sources.Count ? Path.GetFileName(source) : $"{Path.GetFileNameWithoutExtension(source)}-copy{i / sources.Count}.jpg";
            File.Copy(source, Path.Combine(input, name));
            using var codec = SKCodec.Create(source);
            photos.Add((name, codec.Info.Width, codec.Info.Height));
        }
        File.WriteAllBytes(Path.Combine(input, "poison.jpg"), [0xFF, 0xD8, 0xFF, 0xE0, .. Enumerable.Repeat((byte)0x42, 4096)]);
        return (input, photos);
    }

    private static List<string> OutputsIn(string directory) =>
        Directory.Exists(directory) ? Directory.GetFiles(directory, "*.png").Where(f => !Path.GetFileName(f).StartsWith('.')).ToList() : [];

    private static async Task<long> CountAsync(NpgsqlDataSource database, string sql)
    {
        try
        {
            await using var command = database.CreateCommand(sql);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the first worker has not migrated the schema yet
        }
    }

    private static async Task<List<string>> ListAsync(NpgsqlDataSource database, string sql)
    {
        var values = new List<string>();
        await using var command = database.CreateCommand(sql);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            values.Add(reader.GetString(0));
        return values;
    }

    public void Dispose() => _work.Delete(recursive: true);
}
