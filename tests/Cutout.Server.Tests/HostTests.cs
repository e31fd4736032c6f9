using System.Net;

namespace Cutout.Server.Tests;

public sealed class HostTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task A_transparent_cutout_streams_as_server_sent_events_ending_with_done()
    {
        await using var server = await TestServer.StartAsync();
        var transcript = await server.ChatAsync(new
        {
            message = "Remove the background from this image and export as transparent PNG",
            image_urls = new[] { TestData.DataUrl("davis-dog.jpg") },
            mode = "eco",
        });

        output.WriteLine(transcript.Body.Length > 4000 ? transcript.Body[..4000] : transcript.Body);
        Assert.Equal(HttpStatusCode.OK, transcript.StatusCode);
        Assert.Equal("text/event-stream", transcript.ContentType);
        Assert.Equal("thinking_delta", transcript.Types.First());
        Assert.Equal("complete", transcript.Types.Last());
        var generation = transcript.Single("generation_response");
        Assert.Equal(854, generation.GetProperty("metadata").GetProperty("width").GetInt32());
    }
}
