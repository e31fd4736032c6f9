using System.Text.Json;
using System.Text.Json.Serialization;
using Cutout.Chat;
using Cutout.Chat.Protocol;

namespace Cutout.Server.Endpoints;

/// <summary>The <c>stream: false</c> answer: the events of a turn folded into one object.</summary>
internal sealed record ChatReply(
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("generations")] IReadOnlyList<string> Generations,
    [property: JsonPropertyName("text_response")] string TextResponse,
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("session_id")] string SessionId,
    [property: JsonPropertyName("messages")] IReadOnlyList<string> Messages,
    [property: JsonPropertyName("metadata")] IReadOnlyList<GenerationMetadata> Metadata,
    [property: JsonPropertyName("plan"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Plan)
{
    public static async Task<IResult> CollectAsync(IAsyncEnumerable<ChatEvent> events)
    {
        var texts = new List<string>();
        var messages = new List<string>();
        var metadata = new List<GenerationMetadata>();
        string? thinking = null;
        JsonElement? plan = null;
        ClarificationNeeded? clarification = null;
        await foreach (var chatEvent in events)
        {
            switch (chatEvent)
            {
                case ThinkingDelta t: thinking ??= t.Content; break;
                case TextResponse t: texts.Add(t.Content); plan ??= t.Plan; break;
                case MessageEvent m: messages.Add(m.Content); break;
                case GenerationResponse g when g.Metadata is not null: metadata.Add(g.Metadata); break;
                case ClarificationNeeded c: clarification = c; break;
                case ErrorEvent e: return TypedResults.Json(new ErrorBody(e.Message, e.ErrorCode), statusCode: StatusFor(e.ErrorCode));
                case CompleteEvent done when clarification is not null:
                    return TypedResults.Json(new ClarificationReply(true, true, clarification.Question, clarification.Options, clarification.Context, done.TaskId, done.SessionId));
                case CompleteEvent done:
                    var text = texts.Count > 0 ? string.Join("\n\n", texts) : thinking ?? "";
                    return TypedResults.Json(new ChatReply(done.TaskId, done.Status, done.Generations, text, done.Model, done.SessionId, messages, metadata, plan), ChatEndpoints.EventJson);
            }
        }
        // Only reached when the client went away before the turn finished; nobody reads this answer.
        return TypedResults.StatusCode(StatusCodes.Status499ClientClosedRequest);
    }

    internal static int StatusFor(string? errorCode) => errorCode switch
    {
        ErrorCodes.SessionNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.SessionBusy => StatusCodes.Status409Conflict,
        ErrorCodes.ModelUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.Internal => StatusCodes.Status500InternalServerError,
        ErrorCodes.StorageFull => StatusCodes.Status507InsufficientStorage,
        ErrorCodes.ImageTooLarge => StatusCodes.Status413PayloadTooLarge,
        _ => StatusCodes.Status422UnprocessableEntity,
    };
}

/// <summary>The <c>stream: false</c> answer when the turn needs the user's input first.</summary>
internal sealed record ClarificationReply(
    [property: JsonPropertyName("success")] bool Success,
    [property: JsonPropertyName("clarification_needed")] bool ClarificationNeeded,
    [property: JsonPropertyName("question")] string Question,
    [property: JsonPropertyName("options")] IReadOnlyList<string> Options,
    [property: JsonPropertyName("context")] string Context,
    [property: JsonPropertyName("task_id")] string TaskId,
    [property: JsonPropertyName("session_id")] string SessionId);
