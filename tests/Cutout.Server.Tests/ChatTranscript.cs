using System.Net;
using System.Text.Json;

namespace Cutout.Server.Tests;

/// <summary>
/// A chat response read to its end and checked for the framing every client relies on: each event is
/// exactly one <c>data: </c> line followed by a blank line, and the stream ends with <c>data: [DONE]</c>.
/// </summary>
internal sealed class ChatTranscript
{
    private ChatTranscript(HttpResponseMessage response, string body, IReadOnlyList<JsonElement> events)
    {
        StatusCode = response.StatusCode;
        ContentType = response.Content.Headers.ContentType?.MediaType;
        RequestId = response.Headers.TryGetValues("X-Request-Id", out var ids) ? ids.Single() : null;
        Body = body;
        Events = events;
    }

    public HttpStatusCode StatusCode { get; }
    public string? ContentType { get; }
    public string? RequestId { get; }
    public string Body { get; }
    public IReadOnlyList<JsonElement> Events { get; }

    public IEnumerable<string> Types => Events.Select(e => e.GetProperty("type").GetString()!);

    public IEnumerable<JsonElement> OfType(string type) => Events.Where(e => e.GetProperty("type").GetString() == type);

    public JsonElement Single(string type) => OfType(type).Single();

    public JsonElement Last => Events[^1];

    public static async Task<ChatTranscript> ReadAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.Content.Headers.ContentType?.MediaType != "text/event-stream")
            return new ChatTranscript(response, body, []);

        Assert.EndsWith("data: [DONE]\n\n", body);
        var blocks = body.Split("\n\n");
        Assert.Equal("", blocks[^1]);
        var events = new List<JsonElement>();
        foreach (var block in blocks[..^2])
        {
            Assert.StartsWith("data: ", block);
            Assert.DoesNotContain('\n', block);
            events.Add(JsonDocument.Parse(block["data: ".Length..]).RootElement.Clone());
        }
        return new ChatTranscript(response, body, events);
    }
}
