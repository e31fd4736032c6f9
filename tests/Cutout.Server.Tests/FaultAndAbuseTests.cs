using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Cutout.Chat.Execution;
using Cutout.Server.Limits;
using Microsoft.Extensions.DependencyInjection;
using Cutout.Tests;
using SkiaSharp;

namespace Cutout.Server.Tests;

/// <summary>
/// A hostile but fair client on loopback: floods, slow hosts, oversized asks, wrong keys and a crash. Each case
/// is bounded in count and time; each asserts that the server stays usable for everyone else.
/// </summary>
public sealed class FaultAndAbuseTests
{
    [PhotoFact]
    public async Task Two_turns_of_four_large_data_urls_grow_the_session_database_by_under_5_MB()
    {
        await using var server = await TestServer.StartAsync();
        var photo = LargeDataUrl();
        long before = SessionDatabaseBytes(server.DataDirectory);

        var first = await server.ChatAsync(new { message = "Remove the background", image_urls = Enumerable.Repeat(photo, 4), session_id = "big", mode = "eco" });
        var second = await server.ChatAsync(new { message = "Put them on white", image_urls = Enumerable.Repeat(photo, 4), session_id = "big", mode = "eco" });
        var refine = await server.ChatAsync(new { message = "Now on a light grey background", session_id = "big", mode = "eco" });
        long growth = SessionDatabaseBytes(server.DataDirectory) - before;

        Assert.InRange(photo.Length, 4_500_000, 8_000_000);
        Assert.Equal(["complete", "complete", "complete"], new[] { first, second, refine }.Select(t => t.Types.Last()));
        Assert.Equal(4, refine.OfType("generation_response").Count());
        Assert.InRange(growth, 0, 5L * 1024 * 1024);
    }

    [PhotoFact]
    public async Task A_99999_pixel_square_is_refused_with_422_within_seconds()
    {
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsJsonAsync("/chat", new
        {
            message = "make it 99999 x 99999 on white", image_urls = new[] { TestData.DataUrl("voc-sheep.png") }, stream = false, mode = "eco",
        });
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Equal("INVALID_OPTION", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("8192 px per side", body.RootElement.GetProperty("detail").GetString());
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 5);
    }

    [PhotoFact]
    public async Task A_full_disk_answers_507_storage_full_and_the_server_keeps_answering()
    {
        await using var server = await TestServer.StartAsync(replaceServices: services => services.AddSingleton<IImageStore, FullDisk>());
        using var client = server.Client();
        var turn = new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("voc-sheep.png") }, mode = "eco" };

        using var reply = await client.PostAsJsonAsync("/chat", new { turn.message, turn.image_urls, turn.mode, stream = false });
        using var body = JsonDocument.Parse(await reply.Content.ReadAsStringAsync());
        var streamed = await server.ChatAsync(turn);
        using var health = await client.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.InsufficientStorage, reply.StatusCode);
        Assert.Equal("STORAGE_FULL", body.RootElement.GetProperty("error_code").GetString());
        Assert.Contains("disk is full", body.RootElement.GetProperty("detail").GetString());
        Assert.Equal("STORAGE_FULL", streamed.Single("error").GetProperty("error_code").GetString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task Three_hundred_wrong_keys_from_one_address_meet_429_before_the_key_is_checked()
    {
        await using var server = await TestServer.StartAsync();
        using var guesser = server.Client("not-the-key");
        using var owner = server.Client();

        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < 300; i++)
        {
            using var response = await guesser.GetAsync("/sessions");
            statuses.Add(response.StatusCode);
        }
        using var rightKeyFromSameAddress = await owner.GetAsync("/sessions");

        Assert.Equal(20, statuses.Count(s => s == HttpStatusCode.Unauthorized));
        Assert.Equal(280, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, rightKeyFromSameAddress.StatusCode);
    }

    [PhotoFact]
    public async Task Two_requests_stuck_on_a_one_byte_per_second_host_do_not_delay_a_normal_request()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync();
        using var client = server.Client();
        // Loads the model first: the promise is about a warm server.
        Assert.Equal("complete", (await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("voc-sheep.png") }, mode = "eco" })).Types.Last());
        var stuck = new[]
        {
            await LimitTests.StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/drip").ToString() }, mode = "eco" }),
            await LimitTests.StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/drip?second").ToString() }, mode = "eco" }),
        };
        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();

        var normal = await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("voc-sheep.png") }, mode = "eco" });

        Assert.Equal("complete", normal.Types.Last());
        Assert.InRange(clock.Elapsed.TotalSeconds, 0, 15);
        foreach (var response in stuck)
            response.Dispose();
    }

    [PhotoFact]
    public async Task After_kill_9_in_the_middle_of_a_turn_the_restarted_server_continues_the_same_session()
    {
        await using var host = await ImageHost.StartAsync();
        using var data = new TempDirectory();
        const string session = "crash-course";
        await using (var doomed = await ServerProcess.StartAsync(data.Path))
        {
            using var client = doomed.Client();
            var first = await client.PostAsJsonAsync("/chat", new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("voc-sheep.png") }, session_id = session, mode = "eco", stream = false });
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            using var midTurn = await LimitTests.StartStreamAsync(client, new { message = "Now on white", image_urls = new[] { host.Url("/held").ToString() }, session_id = session, mode = "eco" });
            await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));
            doomed.Kill();
        }

        await using var restarted = await ServerProcess.StartAsync(data.Path);
        using var again = restarted.Client();
        using var next = await again.PostAsJsonAsync("/chat", new { message = "Put it on a light grey background", session_id = session, mode = "eco", stream = false });
        using var memory = JsonDocument.Parse(await again.GetStringAsync($"/memory?session_id={session}"));

        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
        Assert.Equal(2, memory.RootElement.GetProperty("total_exchanges").GetInt32());
    }

    [Fact]
    public async Task Eight_concurrent_100_MB_bodies_raise_resident_memory_by_under_1_5_GB_and_all_get_an_answer()
    {
        using var data = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(data.Path);
        using var client = server.Client();
        // 4 × 25 MB of bytes that are no image, as base64: the whole body is read, parsed and decoded before it is refused.
        var junk = "data:image/jpeg;base64," + Convert.ToBase64String(RandomBytes(18_700_000));
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new { message = "Remove the background", image_urls = Enumerable.Repeat(junk, 4), stream = false }));
        using (var warmUp = await client.GetAsync("/sessions"))
            Assert.Equal(HttpStatusCode.OK, warmUp.StatusCode);
        var (baseline, _) = server.Memory();

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(async _ =>
        {
            using var content = new ByteArrayContent(body);
            content.Headers.ContentType = new("application/json");
            using var response = await client.PostAsync("/chat", content);
            return response.StatusCode;
        }));
        var (_, peak) = server.Memory();

        Assert.InRange(body.Length, 99_000_000, 112L * 1024 * 1024);
        Assert.All(answers, status => Assert.InRange((int)status, 400, 499));
        Assert.InRange(peak - baseline, 0, 1536L * 1024 * 1024);
    }

    [Fact]
    public async Task A_request_that_gives_up_waiting_for_a_worker_leaves_no_worker_taken()
    {
        var queue = new WorkQueue(new ServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 4 });
        using var running = queue.Enter("alice");
        var worker = await running.WaitForWorkerAsync(CancellationToken.None);

        using (var impatient = queue.Enter("alice"))
        using (var giveUp = new CancellationTokenSource(TimeSpan.FromMilliseconds(100)))
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => impatient.WaitForWorkerAsync(giveUp.Token));
        worker.Dispose();
        using var next = queue.Enter("bob");
        var nextWorker = next.WaitForWorkerAsync(CancellationToken.None);

        Assert.True(nextWorker.IsCompletedSuccessfully);
    }

    [Fact]
    public void One_key_with_its_share_in_flight_leaves_room_for_another_key()
    {
        var queue = new WorkQueue(new ServerOptions { MaxConcurrentRequests = 2, MaxQueuedRequests = 16, MaxRequestsInFlightPerKey = 8 });
        var alice = Enumerable.Range(0, 9).Select(_ => queue.Enter("alice")).ToList();
        using var bob = queue.Enter("bob");

        Assert.Equal(8, alice.Count(t => t.Admission == Admission.Admitted));
        Assert.Equal(Admission.KeyBusy, alice[^1].Admission);
        Assert.Equal(Admission.Admitted, bob.Admission);
        alice.ForEach(t => t.Dispose());
    }

    [Fact]
    public async Task A_freed_worker_goes_to_the_next_key_in_turn_not_to_the_key_that_queued_first()
    {
        var queue = new WorkQueue(new ServerOptions { MaxConcurrentRequests = 1, MaxQueuedRequests = 16, MaxRequestsInFlightPerKey = 8 });
        using var running = queue.Enter("alice");
        var firstWorker = await running.WaitForWorkerAsync(CancellationToken.None);
        var aliceTickets = Enumerable.Range(0, 6).Select(_ => queue.Enter("alice")).ToList();
        var aliceWaits = aliceTickets.Select(t => t.WaitForWorkerAsync(CancellationToken.None)).ToList();
        using var bob = queue.Enter("bob");
        var bobWait = bob.WaitForWorkerAsync(CancellationToken.None);
        using var carol = queue.Enter("carol");
        var carolWait = carol.WaitForWorkerAsync(CancellationToken.None);

        // Each freed worker goes to exactly one waiting request: record whose.
        var waiting = aliceWaits.Select((wait, i) => (Name: $"alice{i + 1}", Wait: wait)).Append((Name: "bob", Wait: bobWait)).Append((Name: "carol", Wait: carolWait)).ToList();
        var served = new List<string>();
        var worker = firstWorker;
        while (waiting.Count > 0)
        {
            worker.Dispose();
            var granted = await Task.WhenAny(waiting.Select(w => w.Wait)).WaitAsync(TimeSpan.FromSeconds(10));
            var next = waiting.Single(w => w.Wait == granted);
            waiting.Remove(next);
            served.Add(next.Name);
            worker = await granted;
        }
        worker.Dispose();
        aliceTickets.ForEach(t => t.Dispose());

        // Alice queued six before Bob and Carol came, yet they wait for one more of hers, not for all six.
        Assert.Equal(["alice1", "bob", "carol", "alice2", "alice3", "alice4", "alice5", "alice6"], served);
    }

    [Fact]
    public void A_path_with_an_encoded_newline_is_logged_on_one_line()
    {
        var logged = RequestLogMiddleware.Sanitise("/files/x\nINFO forged entry\r" + new string('a', 1000));

        Assert.DoesNotContain('\n', logged);
        Assert.DoesNotContain('\r', logged);
        Assert.StartsWith(@"/files/x\u000aINFO forged entry\u000d", logged);
        Assert.InRange(logged.Length, 1, 260);
    }

    /// <summary>A real photo enlarged to 2400×1800 with fine grain, so its PNG is about 5–6 MB: a typical phone upload's size.</summary>
    private static string LargeDataUrl()
    {
        using var original = SKBitmap.Decode(TestData.Photo("davis-dog.jpg"));
        using var large = original.Resize(new SKImageInfo(2400, 1800), new SKSamplingOptions(SKFilterMode.Linear));
        var random = new Random(16);
        for (int y = 0; y < large.Height; y += 2)
            for (int x = 0; x < large.Width; x++)
            {
                var c = large.GetPixel(x, y);
                int d = random.Next(-6, 7);
                large.SetPixel(x, y, new SKColor((byte)Math.Clamp(c.Red + d, 0, 255), (byte)Math.Clamp(c.Green + d, 0, 255), (byte)Math.Clamp(c.Blue + d, 0, 255)));
            }
        using var png = large.Encode(SKEncodedImageFormat.Png, 100);
        return "data:image/png;base64," + Convert.ToBase64String(png.ToArray());
    }

    private static long SessionDatabaseBytes(string dataDirectory) =>
        Directory.EnumerateFiles(dataDirectory, "sessions.db*").Sum(f => new FileInfo(f).Length);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(16).NextBytes(bytes);
        return bytes;
    }
}
