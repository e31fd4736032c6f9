using Cutout.Presets;

namespace Cutout.Compositing;

/// <summary>What goes behind and around the cutout. The defaults give the transparent cutout in the photo's own frame.</summary>
public sealed record CompositionOptions
{
    /// <summary>The plain cutout: transparent background, no shadow, the photo's own frame and size.</summary>
    public static CompositionOptions Transparent { get; } = new();

    /// <summary>What is drawn behind the subject; transparent by default. <see cref="BackgroundSpec.Parse"/> reads the CSS-like text form.</summary>
    public BackgroundSpec Background { get; init; } = BackgroundSpec.Transparent;

    /// <summary>The shadow drawn under the subject; none by default.</summary>
    public ShadowSpec Shadow { get; init; } = ShadowSpec.None;

    /// <summary>How the subject is cropped, scaled and placed on the canvas; by default the photo's own frame and size.</summary>
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
