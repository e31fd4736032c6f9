using Cutout.Tests;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Cutout.Server.Tests;

/// <summary>Sessions, behaviours and response shapes, through the real server and models (eco mode unless the test is about max).</summary>
[Collection(ModelServerCollection.Name)]
public sealed class ConversationTests(ModelServerFixture fixture)
{
    private TestServer Server => fixture.Server;

    [PhotoFact]
    public async Task An_eco_cutout_of_the_dog_matches_its_ground_truth()
    {
        var transcript = await Server.ChatAsync(new
        {
            message = "Remove the background from this image and export as transparent PNG",
            image_urls = new[] { TestData.DataUrl("davis-dog.jpg") },
            mode = "eco",
        });

        Assert.Equal(["thinking_delta", "status", "status", "status", "status", "status", "status", "generation_response", "complete"], transcript.Types);
        Assert.Equal(["download", "decode", "segmentation", "refinement", "compositing", "encoding"],
            transcript.OfType("status").Select(s => s.GetProperty("tool_name").GetString()));
        var generation = transcript.Single("generation_response");
        Assert.Equal("isnet-fp16@960-int8", generation.GetProperty("model").GetString());
        var image = await ResultImage.DownloadAsync(generation);
        Assert.Equal("image/png", image.ContentType);
        Assert.InRange(image.MaskIoU("davis-dog.alpha.png"), 0.85, 1.0);
        var complete = transcript.Single("complete");
        Assert.Equal("ok", complete.GetProperty("status").GetString());
        Assert.Equal([generation.GetProperty("url").GetString()], complete.GetProperty("generations").EnumerateArray().Select(g => g.GetString()));
    }

    [PhotoFact]
    public async Task Two_images_report_progress_and_one_generation_each()
    {
        var transcript = await Server.ChatAsync(new
        {
            message = "Remove the background from these photos",
            image_urls = new[] { TestData.DataUrl("weizmann-horse025.png"), TestData.DataUrl("weizmann-horse249.png") },
            mode = "eco",
        });

        var progress = transcript.OfType("execution_progress").Select(p => (p.GetProperty("completed_steps").GetInt32(), p.GetProperty("total_steps").GetInt32())).ToList();
        Assert.Equal([(1, 2), (2, 2)], progress);
        var generations = transcript.OfType("generation_response").ToList();
        Assert.Equal(2, generations.Count);
        Assert.Equal([1, 2], generations.Select(g => g.GetProperty("generations").GetArrayLength()));
        Assert.Equal(2, transcript.Single("complete").GetProperty("generations").GetArrayLength());
        foreach (var generation in generations)
            Assert.InRange((await ResultImage.DownloadAsync(generation)).TransparentShare(), 0.2, 0.95);
    }

    [PhotoFact]
    public async Task With_stream_false_the_answer_is_one_json_object()
    {
        using var client = Server.Client();

        using var response = await client.PostAsJsonAsync("/chat", new
        {
            message = "Remove the background from this image and export as transparent PNG",
            image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") },
            mode = "eco",
            stream = false,
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType!.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = body.RootElement;
        Assert.Equal("ok", root.GetProperty("status").GetString());
        Assert.StartsWith("task_", root.GetProperty("task_id").GetString());
        Assert.StartsWith("sess_", root.GetProperty("session_id").GetString());
        Assert.Equal("isnet-fp16@960-int8", root.GetProperty("model").GetString());
        Assert.StartsWith("Remove the background from the attached image, leave it transparent and export PNG", root.GetProperty("text_response").GetString());
        using var anonymous = new HttpClient();
        var png = await anonymous.GetByteArrayAsync(root.GetProperty("generations")[0].GetString());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
    }

    [PhotoFact]
    public async Task A_vague_request_asks_for_clarification_and_waits_for_input()
    {
        var transcript = await Server.ChatAsync(new { message = "edit this image", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, mode = "eco" });
        using var client = Server.Client();
        using var plain = await client.PostAsJsonAsync("/chat", new { message = "edit this image", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, stream = false });
        using var body = JsonDocument.Parse(await plain.Content.ReadAsStringAsync());

        Assert.Equal(["thinking_delta", "status", "clarification_needed", "complete"], transcript.Types);
        Assert.Equal("awaiting_input", transcript.Single("complete").GetProperty("status").GetString());
        Assert.NotEmpty(transcript.Single("clarification_needed").GetProperty("options").EnumerateArray());
        Assert.True(body.RootElement.GetProperty("success").GetBoolean());
        Assert.True(body.RootElement.GetProperty("clarification_needed").GetBoolean());
        Assert.Equal(transcript.Single("clarification_needed").GetProperty("question").GetString(), body.RootElement.GetProperty("question").GetString());
    }

    [PhotoFact]
    public async Task Behavior_plan_describes_the_plan_and_processes_nothing()
    {
        var transcript = await Server.ChatAsync(new
        {
            message = "Remove the background from this product image and replace it with a pure white background (#FFFFFF).",
            image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") },
            behavior = "plan",
        });

        Assert.Equal(["thinking_delta", "text_response", "complete"], transcript.Types);
        var plan = transcript.Single("text_response").GetProperty("plan");
        Assert.Equal("#ffffff", plan.GetProperty("background").GetString());
        Assert.Equal(["image 1 (data: URL)"], plan.GetProperty("images").GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        Assert.Equal(0, transcript.Single("complete").GetProperty("generations").GetArrayLength());
    }

    [PhotoFact]
    public async Task Behavior_ask_proposes_first_and_a_yes_runs_the_kept_image()
    {
        var session = "ask-" + Guid.NewGuid().ToString("N");
        var proposal = await Server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("weizmann-horse249.png") }, session_id = session, behavior = "ask", mode = "eco" });
        var answer = await Server.ChatAsync(new { message = "Yes, go ahead", session_id = session, mode = "eco" });

        Assert.Equal("awaiting_input", proposal.Single("complete").GetProperty("status").GetString());
        Assert.DoesNotContain("generation_response", proposal.Types);
        var image = await ResultImage.DownloadAsync(answer.Single("generation_response"));
        Assert.Equal((276, 224), (image.Width, image.Height));
    }

    [PhotoFact]
    public async Task A_session_belongs_to_its_key_and_is_invisible_to_others()
    {
        var session = "batch-background-removal-" + Guid.NewGuid().ToString("N");
        var first = await Server.ChatAsync(new { message = "Remove the background from this product image.", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, session_id = session, mode = "eco" });
        Assert.Equal(session, first.Single("complete").GetProperty("session_id").GetString());

        using var alice = Server.Client();
        using var bob = Server.Client(TestServer.BobKey);
        var aliceSessions = await alice.GetFromJsonAsync<JsonElement>("/sessions");
        var bobSessions = await bob.GetFromJsonAsync<JsonElement>("/sessions");
        using var bobMemory = await bob.GetAsync($"/memory?session_id={session}");
        using var bobDelete = await bob.DeleteAsync($"/memory?session_id={session}");
        var bobChat = await Server.ChatAsync(new { message = "Same settings as before", session_id = session, mode = "eco" }, TestServer.BobKey);

        Assert.Contains(session, aliceSessions.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()));
        Assert.DoesNotContain(session, bobSessions.GetProperty("sessions").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(HttpStatusCode.NotFound, bobMemory.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobDelete.StatusCode);
        Assert.Equal(["error"], bobChat.Types);
        Assert.Equal("SESSION_NOT_FOUND", bobChat.Last.GetProperty("error_code").GetString());
        Assert.Equal($"Session '{session}' was not found.", bobChat.Last.GetProperty("message").GetString());

        var memory = await alice.GetFromJsonAsync<JsonElement>($"/memory?session_id={session}");
        Assert.Equal(1, memory.GetProperty("total_exchanges").GetInt32());
        Assert.Equal("Remove the background from this product image.", memory.GetProperty("conversation_history")[0].GetProperty("user_prompt").GetString());
        using var anonymous = new HttpClient();
        var remembered = await anonymous.GetByteArrayAsync(memory.GetProperty("generated_media_urls")[0].GetString());
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], remembered[..4]);
        using var cleared = await alice.DeleteAsync($"/memory?session_id={session}");
        Assert.Equal($$"""{"cleared":true,"session_id":"{{session}}"}""", await cleared.Content.ReadAsStringAsync());
        using var gone = await alice.GetAsync($"/memory?session_id={session}");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
    }

    [PhotoFact]
    public async Task A_session_busy_with_one_request_refuses_a_second()
    {
        await using var host = await ImageHost.StartAsync();
        var session = "busy-" + Guid.NewGuid().ToString("N");
        using var client = Server.Client();
        using var first = await LimitTests.StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, session_id = session, mode = "eco" });
        await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var second = await Server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, session_id = session, mode = "eco" });
        host.Gate.SetResult();
        var firstTranscript = await ChatTranscript.ReadAsync(first);

        Assert.Equal("SESSION_BUSY", second.Last.GetProperty("error_code").GetString());
        Assert.Equal("complete", firstTranscript.Types.Last());
    }

    [PhotoFact]
    public async Task Undo_shows_the_previous_result_again_without_processing()
    {
        var session = "undo-" + Guid.NewGuid().ToString("N");
        var transparent = await Server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, session_id = session, mode = "eco" });
        var white = await Server.ChatAsync(new { message = "Now put it on a white background", session_id = session, mode = "eco" });
        var undo = await Server.ChatAsync(new { message = "Undo that", session_id = session, mode = "eco" });

        Assert.Equal(new SkiaSharp.SKColor(255, 255, 255, 255), (await ResultImage.DownloadAsync(white.Single("generation_response"))).Pixel(1, 1));
        Assert.DoesNotContain("status", undo.Types);
        Assert.Equal(ResultPath(transparent.Single("generation_response")), ResultPath(undo.Single("generation_response")));
        Assert.Equal("image/png", (await ResultImage.DownloadAsync(undo.Single("generation_response"))).ContentType);
    }

    private static string ResultPath(JsonElement generation) => new Uri(generation.GetProperty("url").GetString()!).AbsolutePath;
}
