using Cutout.Cluster.Jobs;
using Cutout.Cluster.Storage;
using Cutout.Cluster.Tests.Services;
using Cutout.Evaluation;
using Cutout.Tests;
using RabbitMQ.Client;
using SkiaSharp;

namespace Cutout.Cluster.Tests;

/// <summary>
/// A job whose worker dies every time it holds it (SIGKILL mid-job, as an out-of-memory kill would) is
/// dead-lettered by the broker with no outcome stored by any worker; the dead-letter watcher of the waiting
/// client stores "a worker died N times" and the wait ends with that failure instead of lasting forever.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class DeadLetterTests(ClusterFixture cluster)
{
    [SkippableFact]
    public async Task A_job_whose_worker_dies_on_every_delivery_ends_failed_with_how_often_it_died()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("deadletters");
        var brokerUrl = await cluster.Rabbit.CreateVirtualHostAsync("deadletters");
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await using var database = await ClusterDatabase.OpenAsync(store, timeout.Token);
        await using var broker = await JobBroker.ConnectAsync(brokerUrl, "dead-letter test", timeout.Token);
        var results = new JobResults(database);
        await using var client = await JobClient.StartAsync(broker, results, timeout.Token);

        const string jobId = "job_killed_every_time";
        var waiting = client.RunAsync(jobId, LargePhoto(), new JobRecipe { Arguments = ["--mode", "max"] }, progress: null, timeout.Token);

        for (int delivery = 1; delivery <= JobBroker.MaxDeliveries + 2 && !waiting.IsCompleted; delivery++)
        {
            await using var worker = CutoutProcess.Start($"worker {delivery}",
                ["worker", "--name", $"worker-{delivery}", "--prefetch", "1", "--device", "cpu", "--broker", brokerUrl, "--store", store]);
            int expectedRuns = delivery;
            // Killed as soon as it has begun the job, long before the 8 MP max-mode cut-out could finish.
            await Eventually.HoldsAsync(async () => waiting.IsCompleted || await results.RunCountAsync(jobId, timeout.Token) >= expectedRuns,
                TimeSpan.FromMinutes(2), $"worker {delivery} taking the job", () => worker.Output, pollEvery: TimeSpan.FromMilliseconds(50));
            worker.KillHard();
        }

        var outcome = await waiting.WaitAsync(TimeSpan.FromMinutes(1), timeout.Token);
        int runs = await results.RunCountAsync(jobId, timeout.Token);
        Assert.False(outcome.Succeeded);
        Assert.Equal(DeadLetterWatcher.WorkerName, outcome.Worker);
        Assert.Equal(DeadLetterWatcher.DiedError(runs), outcome.Error);
        Assert.InRange(runs, JobBroker.MaxDeliveries, JobBroker.MaxDeliveries + 1);
        Assert.Contains($"a worker died {runs} times processing this image", outcome.Error);

        // The job itself stays in the dead-letter queue for an operator to look at.
        var factory = new ConnectionFactory { Uri = new Uri(brokerUrl) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        var dead = await channel.BasicGetAsync(JobBroker.DeadLetterQueue, autoAck: true);
        Assert.Equal(jobId, dead?.BasicProperties.MessageId);
        Assert.Equal(0u, (await channel.QueueDeclarePassiveAsync(JobBroker.JobQueue)).MessageCount);
    }

    /// <summary>A real portrait enlarged to about 8 MP, so the cut-out runs for seconds.</summary>
    private static byte[] LargePhoto()
    {
        using var photo = SKBitmap.Decode(RepositoryTestData.Real("ccp-0010.jpg"));
        float scale = MathF.Sqrt(8_000_000f / (photo.Width * photo.Height));
        using var large = photo.Resize(new SKImageInfo((int)(photo.Width * scale), (int)(photo.Height * scale)), new SKSamplingOptions(SKFilterMode.Linear));
        using var jpeg = large.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }
}
