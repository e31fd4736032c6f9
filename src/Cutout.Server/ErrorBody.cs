using System.Text.Json.Serialization;

namespace Cutout.Server;

/// <summary>The body of every error answer that is not an event stream: <c>{"detail": ..., "error_code": ...}</c>.</summary>
internal sealed record ErrorBody(
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("error_code"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? ErrorCode = null);
