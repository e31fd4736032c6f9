using System.Text.Json;
using System.Text.Json.Serialization;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>What the server should do with one chat message.</summary>
public enum PlanKind
{
    /// <summary>Cut out <see cref="ChatPlan.Images"/> with the plan's settings.</summary>
    Execute,

    /// <summary>Ask <see cref="ChatPlan.Clarification"/> and wait for the user's answer (status awaiting_input).</summary>
    Clarify,

    /// <summary>Reply with <see cref="ChatPlan.Answer"/> only; nothing to process.</summary>
    Answer,

    /// <summary>Show the earlier results in <see cref="ChatPlan.Images"/> again, without processing.</summary>
    Undo,
}

/// <summary>The request's <c>behavior</c>: do it, only describe the plan, or confirm before doing it.</summary>
public enum PlanBehavior
{
    Agent,
    Plan,
    Ask,
}

/// <summary>Where the images of a plan come from.</summary>
public enum ImageOrigin
{
    /// <summary>No image is involved (answers, clarifications without a picture).</summary>
    None,

    /// <summary>The request's own <c>image_urls</c>.</summary>
    Attached,

    /// <summary>The source images of the session's current result, processed again with new settings.</summary>
    PreviousSources,

    /// <summary>Results produced earlier in the session, shown as they are (undo).</summary>
    PreviousResults,
}

/// <summary>What to do about shadows.</summary>
public enum ShadowRequest
{
    /// <summary>Remove every shadow: only the subject remains.</summary>
    None,

    /// <summary>Keep the shadows the photo already has (cast on the floor or backdrop).</summary>
    Keep,

    /// <summary>Synthesise a soft drop shadow behind the subject.</summary>
    Drop,

    /// <summary>Synthesise a contact (ground) shadow under the subject.</summary>
    Contact,
}

/// <summary>Which images a plan works on.</summary>
public sealed record ImageSelection(ImageOrigin Origin, IReadOnlyList<string> Urls)
{
    public static ImageSelection None { get; } = new(ImageOrigin.None, []);
}

/// <summary>Placement of the subject on its canvas; null members mean "as the pipeline does by default".</summary>
public sealed record LayoutHints
{
    public static LayoutHints Default { get; } = new();

    /// <summary>Centre the subject on the canvas.</summary>
    public bool Center { get; init; }

    /// <summary>Crop the canvas to the subject's bounding box (before any padding).</summary>
    public bool CropToSubject { get; init; }

    /// <summary>Share of the canvas's longer side the subject should fill, 0..1 (Amazon asks for 0.85).</summary>
    public double? Fill { get; init; }

    /// <summary>Margin around the subject as a share of the subject's longer side, 0..0.45 (the compositor's "5%" margin).</summary>
    public double? PaddingRatio { get; init; }

    /// <summary>Margin around the subject in pixels.</summary>
    public int? PaddingPixels { get; init; }

    /// <summary>Canvas aspect ratio, width / height (1 for square), or null to keep the photo's. JSON writes it as "W:H" ("1:1").</summary>
    [JsonConverter(typeof(AspectRatioJsonConverter))]
    public float? AspectRatio { get; init; }

    /// <summary>Output width in pixels; with only one of width/height set the other follows the aspect ratio.</summary>
    public int? Width { get; init; }

    public int? Height { get; init; }

    [JsonIgnore]
    public bool IsDefault => this == Default;
}

/// <summary>A question for the user with the answers we expect.</summary>
public sealed record Clarification(string Question, IReadOnlyList<string> Options, string Context);

/// <summary>
/// The planner's decision for one message: an immutable, fully resolved description of what to do.
/// Settings are already merged (preset defaults, "same settings as before", refinements of the previous
/// result) so the executor only maps them to pipeline options. Serialises to snake_case JSON
/// (the <c>plan</c> object returned for <c>behavior: plan</c>, and what a session remembers).
/// </summary>
public sealed record ChatPlan
{
    public PlanKind Kind { get; init; } = PlanKind.Execute;

    public PlanBehavior Behavior { get; init; } = PlanBehavior.Agent;

    public ImageSelection Images { get; init; } = ImageSelection.None;

    /// <summary>
    /// What goes behind the subject; null only for plans that process nothing. JSON writes it as the CSS-like text
    /// <see cref="BackgroundSpec.Parse"/> reads ("transparent", "#ffffff", "linear-gradient(to bottom, #rrggbb, #rrggbb)",
    /// "blur", "scene:NAME"), the form sessions stored by earlier versions hold.
    /// </summary>
    [JsonConverter(typeof(BackgroundJsonConverter))]
    public BackgroundSpec? Background { get; init; }

    /// <summary>Null: the user said nothing about shadows (the pipeline's default is none).</summary>
    public ShadowRequest? Shadow { get; init; }

    /// <summary>Marketplace or profile preset name (see <see cref="PresetVocabulary"/>), e.g. "amazon", "linkedin".</summary>
    public string? Preset { get; init; }

    /// <summary>The encoding; resolved by the planner (asked for, else the preset's, else PNG when transparent, else JPEG).</summary>
    public OutputFormat? Format { get; init; }

    /// <summary>Write the grey alpha mask instead of the cutout.</summary>
    public bool MaskOnly { get; init; }

    public EdgeCare EdgeCare { get; init; } = EdgeCare.Standard;

    /// <summary>
    /// How soft the edges are asked to be, 0 (crisp) to 1 (<c>--edge-softness</c>; a slider on the web page);
    /// null when only <see cref="EdgeCare"/> speaks. The softer of the two applies.
    /// </summary>
    public float? EdgeSoftness { get; init; }

    public LayoutHints Layout { get; init; } = LayoutHints.Default;

    /// <summary>The request's mode, or the one the message asked for ("quick preview" = eco, "best quality" = max).</summary>
    public QualityMode Mode { get; init; } = QualityMode.Max;

    /// <summary>Assumptions and interpretations worth telling the user (one <c>message</c> event each).</summary>
    public IReadOnlyList<string> Notes { get; init; } = [];

    /// <summary>One or two sentences saying what will be done, for thinking/text events.</summary>
    public string Summary { get; init; } = "";

    /// <summary>Set when <see cref="Kind"/> is <see cref="PlanKind.Clarify"/>.</summary>
    public Clarification? Clarification { get; init; }

    /// <summary>Set when <see cref="Kind"/> is <see cref="PlanKind.Answer"/>.</summary>
    public string? Answer { get; init; }

    /// <summary>The executor's refinement settings for <see cref="EdgeCare"/>.</summary>
    [JsonIgnore]
    public RefinementOptions Refinement => EdgeCarePresets.For(EdgeCare) is var level && EdgeSoftness > level.EdgeSoftness
        ? level with { EdgeSoftness = EdgeSoftness.Value }
        : EdgeCarePresets.For(EdgeCare);

    public static JsonSerializerOptions JsonOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Formats are written as their file-type names ("webp", not snake case's "web_p").
        Converters = { new JsonStringEnumConverter<OutputFormat>(new LowerCaseNamingPolicy()), new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public JsonElement ToJsonElement() => JsonSerializer.SerializeToElement(this, JsonOptions);

    public static ChatPlan FromJson(string json) =>
        JsonSerializer.Deserialize<ChatPlan>(json, JsonOptions) ?? throw new JsonException("plan JSON is null");

    private sealed class LowerCaseNamingPolicy : JsonNamingPolicy
    {
        public override string ConvertName(string name) => name.ToLowerInvariant();
    }
}
