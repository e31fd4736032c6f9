using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Imaging;
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
        return request.Options is { } options ? FindProblem(options) : null;
    }

    private static string? FindProblem(ChatRequestOptions options)
    {
        if (BackgroundOf(options) is { } background)
        {
            try
            {
                // The server never reads a background from its own disk: an image path is refused like a typo.
                if (BackgroundSpec.Parse(background) is ImageBackground)
                    return $"'options.background' must be transparent, a colour, a gradient, blur or scene:NAME, not a file (\"{background}\").";
            }
            catch (CutoutException e)
            {
                return $"'options.background': {e.Message}";
            }
        }
        if (options.Background is not null && options.BackgroundImage is not null)
            return "Give either 'options.background' or 'options.background_image', not both.";
        if (options.BackgroundImage is { Length: 0 })
            return "'options.background_image' must not be empty.";
        if (options.Shadow is not (null or "none" or "keep" or "drop" or "contact"))
            return $"'options.shadow' must be \"none\", \"keep\", \"drop\" or \"contact\", not \"{options.Shadow}\".";
        if (options.Preset is { } preset && preset != ChosenSettings.NoPreset && PresetVocabulary.Named(preset) is null)
            return $"Unknown 'options.preset' \"{preset}\"; use none or one of: {string.Join(", ", PresetVocabulary.All.Select(p => p.Name))}.";
        if (options.EdgeSoftness is { } softness && softness is not (>= 0f and <= 1f))
            return $"'options.edge_softness' must be between 0 and 1, not {softness}.";
        if (options.Format is not null && FormatNamed(options.Format) is null)
            return $"'options.format' must be \"png\", \"webp\" or \"jpeg\", not \"{options.Format}\".";
        return null;
    }

    /// <summary>The request's <c>options</c> as the planner takes them (the request has passed <see cref="FindProblem(ChatRequest)"/>).</summary>
    public static ChosenSettings? Chosen(ChatRequest request) => request.Options is not { } options ? null : new ChosenSettings
    {
        Background = BackgroundOf(options) is { } background ? BackgroundSpec.Parse(background) : null,
        Shadow = options.Shadow switch
        {
            "none" => ShadowRequest.None,
            "keep" => ShadowRequest.Keep,
            "drop" => ShadowRequest.Drop,
            "contact" => ShadowRequest.Contact,
            _ => null,
        },
        Preset = options.Preset,
        EdgeSoftness = options.EdgeSoftness,
        Format = options.Format is null ? null : FormatNamed(options.Format),
    };

    /// <summary>The background text, with a colour name of the chat's vocabulary ("light blue", "off white") as its hex code.</summary>
    private static string? BackgroundOf(ChatRequestOptions options) =>
        options.Background is { } text && ColorVocabulary.Named.TryGetValue(string.Join(' ', text.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries)), out var colour)
            ? ColorVocabulary.ToHex(colour)
            : options.Background;

    private static OutputFormat? FormatNamed(string name) => name.ToLowerInvariant() switch
    {
        "png" => OutputFormat.Png,
        "webp" => OutputFormat.WebP,
        "jpg" or "jpeg" => OutputFormat.Jpeg,
        _ => null,
    };

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
