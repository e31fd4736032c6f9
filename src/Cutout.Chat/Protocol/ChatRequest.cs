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

    /// <summary>Settings chosen in a form (our extension; the web page sends them). They win over the message's words.</summary>
    [JsonPropertyName("options")] public ChatRequestOptions? Options { get; init; }
}

/// <summary>
/// The <c>options</c> object: each member as the CLI spells it (<c>--background</c>, <c>--shadow</c>,
/// <c>--preset</c>, <c>--edge-softness</c>, <c>--format</c>); an absent member is left to the message and the session.
/// </summary>
public sealed record ChatRequestOptions
{
    /// <summary>transparent, a CSS colour, linear-/radial-gradient(...), blur, blur(N) or scene:NAME.</summary>
    [JsonPropertyName("background")] public string? Background { get; init; }

    /// <summary>An image to put behind the subject, given like an <c>image_urls</c> entry (a data: URL in the web page).</summary>
    [JsonPropertyName("background_image")] public string? BackgroundImage { get; init; }

    /// <summary>none, keep, drop or contact.</summary>
    [JsonPropertyName("shadow")] public string? Shadow { get; init; }

    /// <summary>A preset name (amazon, shopify, ebay, etsy, linkedin, passport-white), or none.</summary>
    [JsonPropertyName("preset")] public string? Preset { get; init; }

    /// <summary>0 (crisp) to 1 (soft).</summary>
    [JsonPropertyName("edge_softness")] public float? EdgeSoftness { get; init; }

    /// <summary>png, webp or jpeg.</summary>
    [JsonPropertyName("format")] public string? Format { get; init; }
}
