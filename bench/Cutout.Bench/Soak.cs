using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using Cutout.Evaluation;
using SkiaSharp;

namespace Cutout.Bench;

/// <summary>
/// <c>-- soak [REQUESTS]</c>: runs <c>cutout serve</c> as its own process on loopback and sends it chat turns of
/// mixed sizes (dev photos as they are, enlarged to 1600 px, and 13.5 MP portraits; eco and max) from a few
/// concurrent clients, sampling the server's resident memory every second. Writes the "Server soak" section of
/// BENCHMARKS.md (replacing an earlier one) and leaves the other sections as they are.
/// </summary>
public static class Soak
{
    public const string Command = "soak";
    private const string SectionTitle = "## Server soak";
    private const string ApiKey = "soak-bench-key";
    private const int Clients = 4;

    private sealed record Sample(double Seconds, long RssBytes, int Completed);

    private sealed record Outcome(string Size, string Mode, double Seconds, HttpStatusCode Status);

    public static async Task RunAsync(string root, PhotoSet photoSet, int requests, string machine)
    {
        var photos = photoSet.PhotoPaths.Select(File.ReadAllBytes).ToList();
        var sizes = new (string Label, Func<byte[], byte[]> Make)[]
        {
            ("photo as is (≤854 px)", bytes => bytes),
            ("enlarged to 1600 px", bytes => Enlarge(bytes, 1600)),
            ("13.5 MP (3000x4500)", bytes => Enlarge(bytes, 4500)),
        };
        var work = Enumerable.Range(0, requests).Select(i =>
        {
            var (label, make) = sizes[i % sizes.Length];
            return (Size: label, Mode: i / sizes.Length % 2 == 0 ? "eco" : "max", Body: make(photos[i % photos.Count]));
        }).ToList();

        using var data = new TempFolder();
        var baseAddress = new Uri($"http://127.0.0.1:{LoopbackPort.Free()}");
        await using var server = CutoutProcess.Start("cutout serve", "serve", "--urls", baseAddress.ToString().TrimEnd('/'),
            "--data-dir", data.Path, "--api-key", ApiKey, "--device", "cpu");
        using var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromMinutes(10) };
        client.DefaultRequestHeaders.Add("X-API-Key", ApiKey);
        await server.WaitUntilHealthyAsync(baseAddress, TimeSpan.FromMinutes(5));
        long idleRss = server.Memory().Now;

        var outcomes = new ConcurrentBag<Outcome>();
        var samples = new List<Sample>();
        var clock = Stopwatch.StartNew();
        using var stopSampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            do
                samples.Add(new Sample(clock.Elapsed.TotalSeconds, server.Memory().Now, outcomes.Count));
            while (await timer.WaitForNextTickAsync(stopSampling.Token).ConfigureAwait(false) is true);
        });
        var queue = new ConcurrentQueue<(string Size, string Mode, byte[] Body)>(work);
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(_ => Task.Run(async () =>
        {
            while (queue.TryDequeue(out var item))
            {
                var started = Stopwatch.StartNew();
                using var response = await client.PostAsJsonAsync("/chat", new
                {
                    message = "Remove the background and put it on white",
                    image_urls = new[] { "data:image/jpeg;base64," + Convert.ToBase64String(item.Body) },
                    mode = item.Mode,
                    stream = false,
                });
                await response.Content.ReadAsByteArrayAsync();
                outcomes.Add(new Outcome(item.Size, item.Mode, started.Elapsed.TotalSeconds, response.StatusCode));
                Console.Error.Write('.');
            }
        })));
        double elapsed = clock.Elapsed.TotalSeconds;
        await stopSampling.CancelAsync();
        try
        {
            await sampler;
        }
        catch (OperationCanceledException)
        {
        }
        samples.Add(new Sample(clock.Elapsed.TotalSeconds, server.Memory().Now, outcomes.Count));
        long peakRss = server.Memory().Peak;
        server.KillHard();
        Console.Error.WriteLine();

        var section = Describe(outcomes.ToList(), samples, idleRss, peakRss, elapsed, requests, machine);
        string path = Path.Combine(root, "BENCHMARKS.md");
        await File.WriteAllTextAsync(path, ReplaceSection(await File.ReadAllTextAsync(path), section));
        Console.Error.WriteLine(section);
    }

    private static string Describe(List<Outcome> outcomes, List<Sample> samples, long idleRss, long peakRss, double elapsed, int requests, string machine)
    {
        var text = new StringBuilder();
        text.AppendLine(SectionTitle).AppendLine();
        text.AppendLine($"`dotnet run -c Release --project bench/Cutout.Bench -- soak {requests}` (rewrites only this section): `cutout serve` as its own process on loopback, "
            + $"{requests} `stream: false` chat turns (\"on white\", photo as a data: URL) from {Clients} concurrent clients, a third each of dev photos as they are, "
            + "enlarged to 1600 px and to 3000x4500 (13.5 MP), alternately eco and max, with the server's defaults (2 workers). "
            + $"Measured {DateTime.UtcNow:yyyy-MM-dd} on {machine}.").AppendLine();
        int failed = outcomes.Count(o => o.Status != HttpStatusCode.OK);
        text.AppendLine($"- {outcomes.Count} requests in {elapsed:F0} s ({outcomes.Count / elapsed:F2}/s), {failed} not 200.");
        text.AppendLine($"- Resident memory: {Mb(idleRss)} idle before the first request (model not loaded yet), peak {Mb(peakRss)}, "
            + $"{Mb(samples[^1].RssBytes)} at the end; over the second half of the run it ranged {Mb(samples.Skip(samples.Count / 2).Min(s => s.RssBytes))}–{Mb(samples.Skip(samples.Count / 2).Max(s => s.RssBytes))}.").AppendLine();
        text.AppendLine("| requests | p50 | p95 | max |");
        text.AppendLine("|---|---:|---:|---:|");
        foreach (var group in outcomes.GroupBy(o => (o.Size, o.Mode)).OrderBy(g => g.Key.Size, StringComparer.Ordinal).ThenBy(g => g.Key.Mode, StringComparer.Ordinal))
            text.AppendLine(LatencyRow($"{group.Key.Size}, {group.Key.Mode} ({group.Count()})", group.Select(o => o.Seconds).ToList()));
        text.AppendLine(LatencyRow($"all ({outcomes.Count})", outcomes.Select(o => o.Seconds).ToList())).AppendLine();
        text.AppendLine("Latency includes waiting for one of the two workers behind the other clients' turns.").AppendLine();
        text.AppendLine("| time | resident memory | requests done |");
        text.AppendLine("|---:|---:|---:|");
        int step = Math.Max(1, samples.Count / 12);
        foreach (var sample in samples.Where((_, i) => i % step == 0 || i == samples.Count - 1))
            text.AppendLine($"| {sample.Seconds:F0} s | {Mb(sample.RssBytes)} | {sample.Completed} |");
        return text.AppendLine().ToString();
    }

    private static string LatencyRow(string label, List<double> seconds)
    {
        seconds.Sort();
        double At(double share) => seconds[Math.Min(seconds.Count - 1, (int)Math.Ceiling(share * seconds.Count) - 1)];
        return $"| {label} | {At(0.5):F2} s | {At(0.95):F2} s | {seconds[^1]:F2} s |";
    }

    /// <summary>Replaces the soak section (up to the next "## " heading) or appends it.</summary>
    private static string ReplaceSection(string markdown, string section)
    {
        int start = markdown.IndexOf(SectionTitle, StringComparison.Ordinal);
        if (start < 0)
            return markdown.TrimEnd() + "\n\n" + section;
        int next = markdown.IndexOf("\n## ", start + SectionTitle.Length, StringComparison.Ordinal);
        return markdown[..start] + section + (next < 0 ? "" : markdown[(next + 1)..]);
    }

    private static byte[] Enlarge(byte[] encoded, int longSide)
    {
        using var bitmap = SKBitmap.Decode(encoded);
        float scale = longSide / (float)Math.Max(bitmap.Width, bitmap.Height);
        using var large = bitmap.Resize(new SKImageInfo((int)(bitmap.Width * scale), (int)(bitmap.Height * scale)), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var jpeg = large.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }

    private static string Mb(long bytes) => $"{bytes / (1024 * 1024)} MB";

    private sealed class TempFolder : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("cutout-soak-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
