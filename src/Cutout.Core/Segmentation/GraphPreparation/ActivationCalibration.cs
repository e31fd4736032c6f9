using System.Text.Json;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Onnx;

namespace Cutout.Segmentation;

/// <summary>
/// The activation ranges an 8-bit network is quantised with, measured once on real photos by
/// <c>dotnet run --project bench/Cutout.Bench -- calibrate</c> and shipped as an embedded resource (the
/// photos themselves are not ours to ship; their ranges are).
/// </summary>
internal sealed record ActivationCalibration
{
    /// <summary>
    /// Share of each tensor's values (by magnitude) the range must hold. ISNet's decoder has rare activations
    /// up to 1,100 where 99.99% stay below 10: the full range (min/max) left too few levels for the common
    /// values and lost the network's output entirely (mean IoU 0.14); clipping the top 0.01% kept it (0.861).
    /// Both neighbours are worse on the objects with thin parts (IoU 0.941 at 0.9999): clipping the top 0.1%
    /// cut a pair of glasses down to 0.44, clipping the top 0.001% one to 0.72 (0.888 each, mean), and ranges of
    /// least squared error clipped too much as well (0.909).
    /// </summary>
    public const double DefaultCoverage = 0.9999;

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The model file the ranges belong to (its name in the catalog).</summary>
    public required string Model { get; init; }

    /// <summary>The square input size the photos were fed at.</summary>
    public required int InputSize { get; init; }

    public required double Coverage { get; init; }

    /// <summary>Which photos were measured, for the record.</summary>
    public required string Photos { get; init; }

    public required Dictionary<string, ActivationRange> Ranges { get; init; }

    /// <summary>Runs <paramref name="model"/> (prepared, float) on every input and records each quantised tensor's range.</summary>
    public static Dictionary<string, ActivationRange> Measure(ModelProto model, IReadOnlyList<DenseTensor<float>> inputs, double coverage = DefaultCoverage)
    {
        var total = new ActivationStatistics();
        foreach (var photo in MeasurePerInput(model, inputs))
            total.Add(photo);
        return total.Ranges(coverage);
    }

    /// <summary>
    /// Each input's activation statistics on its own, so that ranges can be formed from any subset of the
    /// photos afterwards (leave-some-out checks of a calibration) without running the network again.
    /// </summary>
    public static IEnumerable<ActivationStatistics> MeasurePerInput(ModelProto model, IEnumerable<DenseTensor<float>> inputs)
    {
        var tensors = Int8Quantization.TensorsToCalibrate(model);
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC };
        using var session = new InferenceSession(Int8Quantization.WithExtraOutputs(model, tensors).ToByteArray(), options);
        string inputName = session.InputMetadata.Keys.First();
        foreach (var input in inputs)
        {
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Buffer, input.Dimensions.ToArray().Select(d => (long)d).ToArray());
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [inputName], [value], tensors);
            var statistics = new ActivationStatistics();
            for (int k = 0; k < tensors.Count; k++)
                statistics.Add(tensors[k], outputs[k].GetTensorDataAsSpan<float>());
            yield return statistics;
        }
    }

    public void Save(string path) => File.WriteAllText(path, JsonSerializer.Serialize(this, Json) + "\n");

    /// <summary>Reads a calibration shipped inside this assembly (<c>Segmentation/GraphPreparation/Calibration/NAME</c>).</summary>
    public static ActivationCalibration LoadEmbedded(string name)
    {
        using var stream = typeof(ActivationCalibration).Assembly.GetManifestResourceStream($"Cutout.Calibration.{name}")
            ?? throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the 8-bit calibration '{name}' is missing from this build");
        return JsonSerializer.Deserialize<ActivationCalibration>(stream, Json)
            ?? throw new CutoutException(CutoutErrorKind.ModelUnavailable, $"the 8-bit calibration '{name}' is empty");
    }
}
