using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout;

/// <summary><c>Max</c> = full model, matting refinement and decontamination; <c>Eco</c> = the fast path.</summary>
public enum QualityMode
{
    Max,
    Eco,
}

/// <summary>Everything one cutout needs to know; the defaults give a transparent PNG of the best quality.</summary>
public sealed record CutoutOptions
{
    public QualityMode Mode { get; init; } = QualityMode.Max;

    /// <summary>Overrides the model chosen by <see cref="Mode"/> (a catalog name or a custom ONNX file).</summary>
    public Segmentation.ModelDescriptor? Model { get; init; }

    public RefinementOptions Refinement { get; init; } = RefinementOptions.Default;

    /// <summary>Where the subject may be; outside this rectangle everything is background. Null = the whole photo.</summary>
    public RegionOfInterest? RegionOfInterest { get; init; }

    public CompositionOptions Composition { get; init; } = CompositionOptions.Transparent;

    public OutputOptions Output { get; init; } = OutputOptions.Default;

    public DecodeLimits Limits { get; init; } = DecodeLimits.Default;

    /// <summary>
    /// Return the (fully or almost fully transparent) cutout of an image without a subject instead of failing
    /// with <see cref="CutoutErrorKind.NoSubject"/>.
    /// </summary>
    public bool AllowEmpty { get; init; }

    /// <summary>
    /// A marketplace or profile preset: its background, shadow, layout and format are laid over the choices
    /// above once, when <see cref="Remover"/> starts, so every later stage sees plain options.
    /// </summary>
    public Presets.MarketplacePreset? Preset { get; init; }

    /// <summary>These options with <see cref="Preset"/> resolved into composition and output; the preset's rules stay for verification.</summary>
    internal CutoutOptions WithPresetResolved() => Preset is not { } preset ? this : this with
    {
        Preset = null,
        Composition = preset.Apply(Composition),
        Output = Output with { Format = Output.Format ?? preset.Format },
    };
}
