using Cutout.Cluster.Jobs;
using Cutout.Cluster.Tests.Services;
using Cutout.Evaluation;
using Cutout.Tests;
using Npgsql;
using SkiaSharp;

namespace Cutout.Cluster.Tests;

/// <summary>
/// <c>cutout batch --broker --background picture.png</c>: the picture is a file on the batch machine only, so it
/// travels to the workers through the shared store. Here it is deleted before any worker starts, and the
/// outputs still show it behind the subject.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class BatchBackgroundTests(ClusterFixture cluster) : IDisposable
{
    private static readonly SKColor Backdrop = new(30, 120, 200);
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("cutout-batch-background-");

    [SkippableFact]
    public async Task A_background_picture_only_the_batch_machine_has_reaches_the_workers()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("background");
        var broker = await cluster.Rabbit.CreateVirtualHostAsync("background");
        var input = Directory.CreateDirectory(Path.Combine(_work.FullName, "in")).FullName;
        string[] names = ["ccp-0010.jpg", "davis-dog.jpg"];
        foreach (var name in names)
            File.Copy(RepositoryTestData.Real(name), Path.Combine(input, name));
        var picture = Path.Combine(_work.FullName, "backdrop.png");
        using (var bitmap = new SKBitmap(320, 240))
        {
            bitmap.Erase(Backdrop);
            using var png = bitmap.Encode(SKEncodedImageFormat.Png, 100);
            await File.WriteAllBytesAsync(picture, png.ToArray());
        }
        var output = Path.Combine(_work.FullName, "out");
        string[] cluster_ = ["--broker", broker, "--store", store];

        await using var batch = CutoutProcess.Start("batch", ["batch", input, "-o", output, "--mode", "eco", "--background", picture, "--format", "png", .. cluster_]);
        await using var database = NpgsqlDataSource.Create(store);
        await Eventually.HoldsAsync(async () => await StoredBackgroundsAsync(database) == 1, TimeSpan.FromMinutes(2), "the batch storing its background", () => batch.Output);
        File.Delete(picture);
        await using var worker = CutoutProcess.Start("worker", ["worker", "--name", "worker", "--prefetch", "2", "--device", "cpu", .. cluster_]);

        int exitCode = await batch.WaitForExitAsync(TimeSpan.FromMinutes(3));
        Assert.True(exitCode == 0, $"exit code {exitCode}:\nbatch:\n{batch.Output}\nworker:\n{worker.Output}");
        foreach (var name in names)
        {
            using var composed = SKBitmap.Decode(Path.Combine(output, Path.ChangeExtension(name, ".png")));
            Assert.NotNull(composed);
            foreach (var (x, y) in new[] { (0, 0), (composed.Width - 1, 0), (0, composed.Height - 1), (composed.Width - 1, composed.Height - 1) })
            {
                var corner = composed.GetPixel(x, y);
                Assert.True(Math.Abs(corner.Red - Backdrop.Red) <= 2 && Math.Abs(corner.Green - Backdrop.Green) <= 2 && Math.Abs(corner.Blue - Backdrop.Blue) <= 2
                    && corner.Alpha == 255, $"{name}: corner ({x},{y}) is {corner}, not the backdrop {Backdrop}");
            }
        }
    }

    private static async Task<long> StoredBackgroundsAsync(NpgsqlDataSource database)
    {
        try
        {
            await using var command = database.CreateCommand("SELECT COUNT(*) FROM cutout_images WHERE owner = $1");
            command.Parameters.AddWithValue(JobBackgrounds.Owner);
            return (long)(await command.ExecuteScalarAsync())!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable)
        {
            return 0; // the batch has not created the schema yet
        }
    }

    public void Dispose() => _work.Delete(recursive: true);
}
