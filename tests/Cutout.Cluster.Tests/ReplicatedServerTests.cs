using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Cutout.Cluster.Tests.Services;
using Cutout.Tests;
using Cutout.Evaluation;

namespace Cutout.Cluster.Tests;

/// <summary>
/// Two <c>cutout serve</c> replicas and two <c>cutout worker</c>s on one PostgreSQL and one RabbitMQ, as
/// behind a load balancer: a conversation moves between replicas, links work on either, the quota is one
/// quota, and the work and its progress go through the workers.
/// </summary>
[Collection(ClusterCollection.Name)]
public sealed class ReplicatedServerTests(ClusterFixture cluster)
{
    private const string AliceKey = "alice-cluster-key-0001";
    private const string BobKey = "bob-cluster-key-0002";
    private const string CarolKey = "carol-cluster-key-0003";
    private const int RequestsPerMinute = 8;

    [SkippableFact]
    public async Task A_conversation_continues_on_the_other_replica_and_the_quota_spans_both()
    {
        cluster.Require();
        var store = await cluster.Postgres.CreateDatabaseAsync("servers");
        var broker = await cluster.Rabbit.CreateVirtualHostAsync("servers");
        string[] shared = ["--broker", broker, "--store", store];
        await using var workerA = CutoutProcess.Start("worker-a", ["worker", "--name", "worker-a", "--prefetch", "2", "--device", "cpu", .. shared]);
        await using var workerB = CutoutProcess.Start("worker-b", ["worker", "--name", "worker-b", "--prefetch", "2", "--device", "cpu", .. shared]);
        int portA = LoopbackPort.Free(), portB = LoopbackPort.Free();
        // Each replica is given one key of its own; the shared store makes every key good on both.
        await using var serverA = StartServer(portA, [AliceKey, CarolKey], shared);
        await using var serverB = StartServer(portB, [BobKey, CarolKey], shared);
        using var a = await ClientWhenHealthyAsync(serverA, portA, AliceKey);
        using var b = await ClientWhenHealthyAsync(serverB, portB, AliceKey);
        using var bobOnA = Client(portA, BobKey);
        // Polled once a second, as a client would retry: each refusal counts towards the server's throttle of
        // failed logins (20 a minute per address), which a tighter loop would trip before the key refresh (5 s).
        // Both directions: whichever replica registered its keys first learns the other's only at its next refresh.
        await Eventually.HoldsAsync(async () => (await bobOnA.GetAsync("/sessions")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "Bob's key, given to B only, accepted by A", pollEvery: TimeSpan.FromSeconds(1));
        await Eventually.HoldsAsync(async () => (await b.GetAsync("/sessions")).StatusCode == HttpStatusCode.OK,
            TimeSpan.FromSeconds(20), "Alice's key, given to A only, accepted by B", pollEvery: TimeSpan.FromSeconds(1));

        // Turn 1 on A: the cut-out is made by a worker, and its stages reach the caller as they happen.
        var first = await ChatAsync(a, new { message = "Remove the background", image_urls = new[] { DataUrl("davis-dog.jpg") }, mode = "eco" });
        Assert.Equal(["decode", "segmentation", "refinement", "compositing", "encoding"],
            first.Where(e => e.Type == "status" && e.Json.GetProperty("tool_name").GetString() != "download").Select(e => e.Json.GetProperty("tool_name").GetString()));
        var firstUrl = first.Single(e => e.Type == "generation_response").Json.GetProperty("url").GetString()!;
        var session = first.Single(e => e.Type == "complete").Json.GetProperty("session_id").GetString()!;

        // Turn 2 on B builds on turn 1's photo and settings.
        var second = await ChatAsync(b, new { message = "now put it on a white background", session_id = session, mode = "eco" });
        var complete = second.Single(e => e.Type == "complete").Json;
        Assert.Equal("ok", complete.GetProperty("status").GetString());
        Assert.Single(second, e => e.Type == "generation_response");
        using (var memory = JsonDocument.Parse(await a.GetStringAsync($"/memory?session_id={session}")))
            Assert.Equal(2, memory.RootElement.GetProperty("conversation_history").GetArrayLength());

        // A link signed by A downloads from B.
        var onB = new UriBuilder(firstUrl) { Port = portB }.Uri;
        using var anonymous = new HttpClient();
        var png = await anonymous.GetByteArrayAsync(onB);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);

        // Health names both dependencies; metrics show the queue and the stage latencies.
        using (var health = JsonDocument.Parse(await a.GetStringAsync("/healthz")))
        {
            Assert.Equal("ok", health.RootElement.GetProperty("status").GetString());
            Assert.Equal("ok", health.RootElement.GetProperty("dependencies").GetProperty("store").GetString());
            Assert.Equal("ok", health.RootElement.GetProperty("dependencies").GetProperty("broker").GetString());
        }
        string metrics = "";
        await Eventually.HoldsAsync(async () => (metrics = await a.GetStringAsync("/metrics")).Contains("cutout_queue_depth"),
            TimeSpan.FromSeconds(30), "the queue depth in /metrics", () => metrics);
        Assert.Matches(@"(?m)^cutout_queue_depth(\{[^}]*\})? 0(\.0+)?( \d+)?$", metrics);
        Assert.Contains("cutout_stage_duration_seconds_bucket", metrics);
        Assert.Contains("stage=\"inference\"", metrics);

        // One quota across both replicas: Carol's requests alternate between them (within one minute's window).
        if (DateTime.UtcNow.Second >= 55)
            await Task.Delay(TimeSpan.FromSeconds(61 - DateTime.UtcNow.Second));
        using var carolOnA = Client(portA, CarolKey);
        using var carolOnB = Client(portB, CarolKey);
        var statuses = new List<HttpStatusCode>();
        for (int i = 0; i < RequestsPerMinute + 4; i++)
        {
            using var response = await (i % 2 == 0 ? carolOnA : carolOnB).GetAsync("/sessions");
            statuses.Add(response.StatusCode);
        }
        Assert.Equal(RequestsPerMinute, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(4, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        Assert.All(statuses.Skip(RequestsPerMinute), s => Assert.Equal(HttpStatusCode.TooManyRequests, s));
    }

    private static CutoutProcess StartServer(int port, string[] keys, string[] shared) =>
        CutoutProcess.Start($"serve:{port}", ["serve", "--urls", $"http://127.0.0.1:{port}", .. keys.SelectMany(key => new[] { "--api-key", key }), .. shared,
            $"--Cutout:RequestsPerMinute={RequestsPerMinute}", "--Logging:LogLevel:Default=Warning"]);

    private static HttpClient Client(int port, string key)
    {
        var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) };
        client.DefaultRequestHeaders.Add("X-API-Key", key);
        return client;
    }

    private static async Task<HttpClient> ClientWhenHealthyAsync(CutoutProcess server, int port, string key)
    {
        var client = Client(port, key);
        await server.WaitUntilHealthyAsync(client.BaseAddress!, TimeSpan.FromMinutes(2));
        return client;
    }

    private static string DataUrl(string photo) =>
        "data:image/jpeg;base64," + Convert.ToBase64String(File.ReadAllBytes(RepositoryTestData.Real(photo)));

    private sealed record ChatEvent(string Type, JsonElement Json);

    /// <summary>The turn's Server-Sent Events, in order; an error event fails the test with its message.</summary>
    private static async Task<List<ChatEvent>> ChatAsync(HttpClient client, object request)
    {
        using var response = await client.PostAsJsonAsync("/chat", request);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{response.StatusCode}: {body}");
        var events = body.Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone())
            .Select(json => new ChatEvent(json.GetProperty("type").GetString()!, json))
            .ToList();
        Assert.True(events.All(e => e.Type != "error"), body);
        return events;
    }
}
