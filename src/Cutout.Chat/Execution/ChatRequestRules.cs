using Cutout.Chat.Planning;
using Cutout.Chat.Protocol;
using Cutout.Segmentation;

namespace Cutout.Chat.Execution;

/// <summary>The checks a <see cref="ChatRequest"/> must pass before anything runs (HTTP 422 otherwise), and its parsed values.</summary>
public static class ChatRequestRules
{
    public const int MaxMessageLength = 10_000;

    /// <summary>Ids are names a client picks (the brief's examples use words); long enough for any UUID or slug.</summary>
    public const int MaxSessionIdLength = 128;

    /// <summary>Why the request is invalid, or null when it is fine.</summary>
    public static string? FindProblem(ChatRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.Message))
            return "The 'message' field is required.";
        if (request.Message.Length > MaxMessageLength)
            return $"The 'message' field is {request.Message.Length} characters long; at most {MaxMessageLength:N0} are allowed.";
        if (request.SessionId is { } sessionId && (sessionId.Length is 0 or > MaxSessionIdLength || sessionId.Any(char.IsControl)))
            return $"'session_id' must be 1 to {MaxSessionIdLength} characters without control characters.";
        if (Mode(request) is null && request.Mode is not null)
            return $"'mode' must be \"max\" or \"eco\", not \"{request.Mode}\".";
        if (request.Behavior is not (null or "agent" or "plan" or "ask"))
            return $"'behavior' must be \"agent\", \"plan\" or \"ask\", not \"{request.Behavior}\".";
        if (request.Model is { } model && !IsAuto(model) && ModelCatalog.Find(model) is null)
            return $"Unknown 'model' \"{model}\"; use auto or one of: {string.Join(", ", ModelCatalog.All.Select(m => m.Name))}.";
        if (request.ImageUrls?.Any(string.IsNullOrWhiteSpace) == true)
            return "'image_urls' must not contain empty entries.";
        return null;
    }

    public static QualityMode? Mode(ChatRequest request) => request.Mode?.ToLowerInvariant() switch
    {
        "eco" => QualityMode.Eco,
        "max" => QualityMode.Max,
        _ => null,
    };

    public static PlanBehavior Behavior(ChatRequest request) => request.Behavior switch
    {
        "plan" => PlanBehavior.Plan,
        "ask" => PlanBehavior.Ask,
        _ => PlanBehavior.Agent,
    };

    /// <summary>The model the client pinned, or null for automatic choice by mode.</summary>
    public static ModelDescriptor? Model(ChatRequest request) =>
        request.Model is { } name && !IsAuto(name) ? ModelCatalog.Find(name) : null;

    private static bool IsAuto(string model) => model.Equals("auto", StringComparison.OrdinalIgnoreCase);
}
