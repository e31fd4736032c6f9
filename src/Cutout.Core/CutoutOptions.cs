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
}
