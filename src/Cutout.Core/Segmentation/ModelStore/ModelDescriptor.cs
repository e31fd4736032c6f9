namespace Cutout.Segmentation;

/// <summary>How a model wants its RGB input scaled.</summary>
public enum InputNormalization
{
    /// <summary>(v - 128) / 256 per channel: ISNet/U²-Net weights as exported by IMG.LY.</summary>
    IsNet,

    /// <summary>(v/255 - mean) / std with ImageNet statistics: BiRefNet and most timm backbones.</summary>
    ImageNet,
}

/// <summary>What the model's output means.</summary>
public enum OutputActivation
{
    /// <summary>Already an alpha in 0..1.</summary>
    None,

    /// <summary>Logits; alpha = sigmoid(output).</summary>
    Sigmoid,
}

/// <summary>One segmentation model: where its weights come from and how to feed it.</summary>
/// <param name="Name">The model's name, also its cache file's name (<c>isnet-fp16</c>).</param>
/// <param name="InputSize">Side of the square input in pixels; the photo is resized to it before inference.</param>
/// <param name="Normalization">How RGB values are scaled for the network.</param>
/// <param name="Activation">What the network's output means.</param>
public sealed record ModelDescriptor(string Name, int InputSize, InputNormalization Normalization, OutputActivation Activation)
{
    /// <summary>Key in the npm package's <c>dist/resources.json</c>, for models the store downloads.</summary>
    public string? ResourceKey { get; init; }

    /// <summary>A user's own ONNX file; when set, nothing is downloaded.</summary>
    public string? FilePath { get; init; }

    /// <summary>One line for listings: architecture, weights, size ("ISNet (DIS), fp16 weights, 88 MB").</summary>
    public string Description { get; init; } = "";

    /// <summary>
    /// The embedded activation ranges (see <see cref="ActivationCalibration"/>) with which the float weights are
    /// quantised to 8 bits when the model is loaded for the CPU; null runs the weights as they are.
    /// </summary>
    public string? Int8Calibration { get; init; }

    /// <summary>
    /// The name reported with results: the file's name, plus the input size when it is not the 1024 px the
    /// catalog's weights were trained at, plus "int8" when it runs quantised (eco runs the same file in
    /// 8 bits, and clients should see that).
    /// </summary>
    public string Label => (InputSize == TrainedInputSize ? Name : $"{Name}@{InputSize}") + (Int8Calibration is null ? "" : "-int8");

    private const int TrainedInputSize = 1024;
}
