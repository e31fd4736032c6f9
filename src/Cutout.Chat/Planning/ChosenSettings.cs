using Cutout.Compositing;
using Cutout.Imaging;

namespace Cutout.Chat.Planning;

/// <summary>
/// Settings picked in a form (the web page's controls, the request's <c>options</c> object) rather than typed.
/// They count as said in the message, ahead of it: a null member leaves that setting to the message, the
/// preset and the session, exactly as if the message had not mentioned it.
/// </summary>
public sealed record ChosenSettings
{
    public BackgroundSpec? Background { get; init; }

    public ShadowRequest? Shadow { get; init; }

    /// <summary>A preset name of <see cref="PresetVocabulary"/>, or <see cref="NoPreset"/> to drop one the session had.</summary>
    public string? Preset { get; init; }

    /// <summary>0..1, see <see cref="ChatPlan.EdgeSoftness"/>.</summary>
    public float? EdgeSoftness { get; init; }

    public OutputFormat? Format { get; init; }

    public const string NoPreset = "none";
}
