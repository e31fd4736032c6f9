using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>Which way the background's colours should move ("a bit darker").</summary>
internal enum ToneChange
{
    Darker,
    Lighter,
}

/// <summary>A change of the background's tone relative to the previous one: the direction, and how far towards black or white (0..1).</summary>
internal sealed record ToneShift(ToneChange Direction, double Amount);

/// <summary>Everything one message asks for, before it is merged with the session's earlier settings.</summary>
internal sealed record RequestedSettings
{
    public bool Undo { get; init; }
    public bool Removal { get; init; }
    public bool ReuseSettings { get; init; }
    public bool SameBackground { get; init; }
    public BackgroundSpec? Background { get; init; }
    public bool DefaultGradient { get; init; }

    /// <summary>"change the background" without saying to what.</summary>
    public bool BackgroundChangeWithoutValue { get; init; }

    /// <summary>"place him in a hotel lobby": a place we have no scene for.</summary>
    public bool UnknownScene { get; init; }

    public ShadowRequest? Shadow { get; init; }
    public EdgeCare EdgeCare { get; init; }
    public bool EdgeComplaint { get; init; }

    /// <summary>"remove the watermark": taking things out of the photo, which is not background removal.</summary>
    public bool ObjectRemoval { get; init; }

    /// <summary>"make the shadow lighter": a shadow strength, which plans cannot express.</summary>
    public bool ShadowStrength { get; init; }
    public ToneShift? Tone { get; init; }
    public OutputFormat? Format { get; init; }
    public bool UnsupportedFormat { get; init; }
    public bool MaskOnly { get; init; }
    public LayoutHints Layout { get; init; } = LayoutHints.Default;
    public bool GenericPadding { get; init; }
    public IReadOnlyList<PresetVocabulary.Preset> Presets { get; init; } = [];

    /// <summary>The preset the session had is to be dropped (a form's "no preset").</summary>
    public bool NoPreset { get; init; }
    public float? EdgeSoftness { get; init; }
    public bool GenericEcommerce { get; init; }
    public QualityMode? Mode { get; init; }
    public bool IsQuestion { get; init; }
    public bool StartsLikeInfoQuestion { get; init; }
    public bool Thanks { get; init; }
    public bool Confirms { get; init; }
    public bool Declines { get; init; }

    /// <summary>Anything that changes the output: a message with none of these has nothing to execute.</summary>
    public bool HasSettings =>
        Background is not null || SameBackground || DefaultGradient || Shadow is not null || EdgeCare > EdgeCare.Standard
        || EdgeComplaint || Tone is not null || Format is not null || MaskOnly || !Layout.IsDefault
        || GenericPadding || Presets.Count > 0 || NoPreset || EdgeSoftness is not null || GenericEcommerce;

    /// <summary>What the message says with the chosen settings put over it.</summary>
    public RequestedSettings With(ChosenSettings? chosen) => chosen is null ? this : this with
    {
        Background = chosen.Background ?? Background,
        BackgroundChangeWithoutValue = chosen.Background is null && BackgroundChangeWithoutValue,
        UnknownScene = chosen.Background is null && UnknownScene,
        Shadow = chosen.Shadow ?? Shadow,
        Presets = chosen.Preset switch
        {
            null => Presets,
            ChosenSettings.NoPreset => [],
            var name => [PresetVocabulary.Named(name) ?? throw new ArgumentException($"unknown preset '{name}'", nameof(chosen))],
        },
        NoPreset = chosen.Preset == ChosenSettings.NoPreset || NoPreset,
        EdgeSoftness = chosen.EdgeSoftness ?? EdgeSoftness,
        Format = chosen.Format ?? Format,
    };

    public bool HasAction => Removal || ReuseSettings || HasSettings;
}
