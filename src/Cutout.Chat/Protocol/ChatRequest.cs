using System.Text.Json.Serialization;

namespace Cutout.Chat.Protocol;

/// <summary>The body of <c>POST /chat</c> (see shared/spec/chat-api.md). Unknown fields are ignored.</summary>
public sealed record ChatRequest
{
    [JsonPropertyName("message")] public string? Message { get; init; }
    [JsonPropertyName("image_urls")] public IReadOnlyList<string>? ImageUrls { get; init; }
    [JsonPropertyName("session_id")] public string? SessionId { get; init; }
    [JsonPropertyName("stream")] public bool Stream { get; init; } = true;
    [JsonPropertyName("mode")] public string? Mode { get; init; }
    [JsonPropertyName("behavior")] public string? Behavior { get; init; }
    [JsonPropertyName("model")] public string? Model { get; init; }
}
