using Cutout.Tests;
using System.Net;
using System.Text.Json;

namespace Cutout.Server.Tests;

/// <summary>Results, their signed links and sessions live in the data directory and outlive the process.</summary>
public sealed class RestartTests
{
    [PhotoFact]
    public async Task After_a_restart_history_links_and_earlier_results_still_work()
    {
        using var data = new TempDirectory();
        const string session = "survives-restart";
        string link;
        await using (var before = await TestServer.StartAsync(dataDirectory: data.Path))
        {
            var transcript = await before.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, session_id = session, mode = "eco" });
            link = transcript.Single("generation_response").GetProperty("url").GetString()!;
        }

        await using var after = await TestServer.StartAsync(dataDirectory: data.Path);
        using var client = after.Client();
        using var memory = JsonDocument.Parse(await client.GetStringAsync($"/memory?session_id={session}"));
        var oldLinkOnNewServer = new Uri(after.BaseAddress, new Uri(link).PathAndQuery);
        using var anonymous = new HttpClient();
        using var download = await anonymous.GetAsync(oldLinkOnNewServer);
        var reuse = await after.ChatAsync(new { message = "Put it on a white background", image_urls = new[] { link }, mode = "eco" });

        Assert.Equal(1, memory.RootElement.GetProperty("total_exchanges").GetInt32());
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
        Assert.Equal("image/png", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("complete", reuse.Types.Last());
    }

    [PhotoFact]
    public async Task Stopping_the_server_lets_a_running_request_finish()
    {
        await using var host = await ImageHost.StartAsync();
        await using var server = await TestServer.StartAsync();
        // The model loads first, outside the shutdown window: on a busy machine a cold load alone can take most of
        // its 30 s, and what this test promises is about the request, not about loading.
        var warmUp = await server.ChatAsync(new { message = "Remove the background", image_urls = new[] { TestData.DataUrl("weizmann-horse025.png") }, mode = "eco" });
        Assert.Equal("complete", warmUp.Types.Last());
        using var client = server.Client();
        var running = await LimitTests.StartStreamAsync(client, new { message = "Remove the background", image_urls = new[] { host.Url("/held").ToString() }, mode = "eco" });
        await host.HeldRequestArrived.Task.WaitAsync(TimeSpan.FromMinutes(1));

        var stopping = server.StopAsync();
        host.Gate.SetResult();
        var transcript = await ChatTranscript.ReadAsync(running);
        await stopping;

        Assert.Equal("complete", transcript.Types.Last());
        Assert.Equal("ok", transcript.Last.GetProperty("status").GetString());
    }
}
