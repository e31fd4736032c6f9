using System.Text.Json.Serialization;

namespace Cutout.Server.Endpoints.OpenAi;

/// <summary>A result image in the assistant message, as OpenAI-compatible image APIs carry it: <c>{"type":"image_url","image_url":{"url"}}</c>.</summary>
internal sealed record ImagePart([property: JsonPropertyName("image_url")] ImageUrl ImageUrl)
{
    [JsonPropertyName("type")] public string Type => "image_url";
}

internal sealed record ImageUrl([property: JsonPropertyName("url")] string Url);

internal sealed record AssistantMessage(
    [property: JsonPropertyName("content")] string Content,
    [property: JsonPropertyName("images")] IReadOnlyList<ImagePart> Images)
{
    [JsonPropertyName("role")] public string Role => "assistant";
}

internal sealed record CompletionChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("message")] AssistantMessage Message,
    [property: JsonPropertyName("finish_reason")] string FinishReason);

/// <summary>Images are not tokens; the counts are zero so that clients which sum usage keep working.</summary>
internal sealed record Usage(
    [property: JsonPropertyName("prompt_tokens")] int PromptTokens,
    [property: JsonPropertyName("completion_tokens")] int CompletionTokens,
    [property: JsonPropertyName("total_tokens")] int TotalTokens)
{
    public static Usage None { get; } = new(0, 0, 0);
}

internal sealed record ChatCompletion(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<CompletionChoice> Choices,
    [property: JsonPropertyName("usage")] Usage Usage)
{
    [JsonPropertyName("object")] public string Object => "chat.completion";
}

internal sealed record Delta(
    [property: JsonPropertyName("role"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Role = null,
    [property: JsonPropertyName("content"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Content = null,
    [property: JsonPropertyName("images"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<ImagePart>? Images = null);

internal sealed record ChunkChoice(
    [property: JsonPropertyName("index")] int Index,
    [property: JsonPropertyName("delta")] Delta Delta,
    [property: JsonPropertyName("finish_reason")] string? FinishReason);

internal sealed record ChatCompletionChunk(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("choices")] IReadOnlyList<ChunkChoice> Choices)
{
    [JsonPropertyName("object")] public string Object => "chat.completion.chunk";
}

internal sealed record ModelCard(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("created")] long Created,
    [property: JsonPropertyName("owned_by")] string OwnedBy)
{
    [JsonPropertyName("object")] public string Object => "model";
}

internal sealed record ModelList([property: JsonPropertyName("data")] IReadOnlyList<ModelCard> Data)
{
    [JsonPropertyName("object")] public string Object => "list";
}
