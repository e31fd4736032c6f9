using Cutout.Presets;

namespace Cutout.Compositing;

/// <summary>What goes behind and around the cutout. The defaults give the transparent cutout in the photo's own frame.</summary>
public sealed record CompositionOptions
{
    public static CompositionOptions Transparent { get; } = new();

    public BackgroundSpec Background { get; init; } = BackgroundSpec.Transparent;

    public ShadowSpec Shadow { get; init; } = ShadowSpec.None;

    public LayoutOptions Layout { get; init; } = LayoutOptions.Original;

    /// <summary>
    /// Nudge the subject's colour balance and brightness towards a picture background (scene, image, blur)
    /// so it looks lit by the same light. Off by default: it changes the subject's true colours.
    /// </summary>
    public bool HarmonizeLight { get; init; }

    /// <summary>Cut the result to the circle inscribed in the canvas (avatar preview); outside becomes transparent.</summary>
    public bool CircleCrop { get; init; }

    /// <summary>
    /// The marketplace preset whose choices these options already carry (set only by <see cref="MarketplacePreset.Apply"/>);
    /// its rules are verified on the encoded output and its format is preferred.
    /// </summary>
    public MarketplacePreset? Preset { get; internal init; }
}
