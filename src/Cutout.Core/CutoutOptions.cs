using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout;

/// <summary><c>Max</c> = full model, matting refinement and decontamination; <c>Eco</c> = the fast path.</summary>
public enum QualityMode
{
    /// <summary>
    /// ISNet's fp16 weights at 1024 px, with a second, letterboxed pass when the first leaves much of the photo weakly
    /// foreground (close-ups of hair, fur, plants), and the full refinement, which also solves soft regions such as
    /// hair: the best edges, the slowest.
    /// </summary>
    Max,

    /// <summary>The same weights run in 8 bits at 960 px (about 3.4× less inference time), one pass, the guided-filter refinement alone and faster PNG compression: for batches and previews.</summary>
    Eco,
}

/// <summary>Everything one cutout needs to know; the defaults give a transparent PNG of the best quality.</summary>
public sealed record CutoutOptions
{
    /// <summary>Quality against speed; picks the model and the refinement. <see cref="QualityMode.Max"/> by default.</summary>
    public QualityMode Mode { get; init; } = QualityMode.Max;

    /// <summary>Overrides the model chosen by <see cref="Mode"/> (a catalog name or a custom ONNX file).</summary>
    public Segmentation.ModelDescriptor? Model { get; init; }

    /// <summary>How the model's coarse mask is refined into the final alpha (edge care, decontamination).</summary>
    public RefinementOptions Refinement { get; init; } = RefinementOptions.Default;

    /// <summary>Where the subject may be; outside this rectangle everything is background. Null = the whole photo.</summary>
    public RegionOfInterest? RegionOfInterest { get; init; }

    /// <summary>Background, shadow and layout; the default is the transparent cutout in the photo's own frame.</summary>
    public CompositionOptions Composition { get; init; } = CompositionOptions.Transparent;

    /// <summary>Output format, quality and mask-only output; by default the format follows the background.</summary>
    public OutputOptions Output { get; init; } = OutputOptions.Default;

    /// <summary>Size limits checked before any pixel is decoded (a guard against decompression bombs).</summary>
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
