using System.Diagnostics;
using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Matting;
using Cutout.Segmentation;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace Cutout.Bench;

/// <summary>Eco's 8-bit network under different calibrations, scored on the stretched coarse alpha.</summary>
public static class EcoStudy
{
    private sealed record Photo(string Set, string Name, DenseTensor<float> Input, GroundTruthMatte Truth, AlphaMatte Raw, RgbaImage? Image);

    private static readonly bool Refined = Environment.GetEnvironmentVariable("ECO_STUDY_REFINE") == "1";

    public static async Task RunAsync(string[] variants)
    {
        int size = int.Parse(Environment.GetEnvironmentVariable("ECO_STUDY_SIZE") ?? "896", System.Globalization.CultureInfo.InvariantCulture);
        var model = ModelCatalog.IsNetFp16Eco with { InputSize = size };
        string modelPath = await NpmModelStore.FromEnvironment().GetModelFileAsync(model);
        var prepared = OnnxGraphPreparation.PrepareModel(modelPath);
        var photos = new List<Photo>();
        var setOf = new List<string>();
        foreach (var set in MatteQuality.Sets)
            foreach (var name in set.Photos.Names)
            {
                var loaded = set.Photos.Load(name);
                var coarse = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(Path.Combine(TestPhotos.RepositoryRoot, "tests", "data", set.CoarseFolder, name + ".png"))).Alpha;
                photos.Add(new Photo(set.Name, name, ImageSegmenter.Preprocess(loaded.Image, model), loaded.Truth, coarse, Refined ? loaded.Image : null));
            }
        setOf.AddRange(photos.Select(p => p.Set));
        Console.Error.WriteLine($"{photos.Count} photos preprocessed");
        var clock = Stopwatch.StartNew();
        string cache = Path.Combine(Path.GetTempPath(), "cutout-eco-study");
        Directory.CreateDirectory(cache);
        string CachePath(Photo photo) => Path.Combine(cache, $"{Environment.GetEnvironmentVariable("ECO_STUDY_STATS_SIZE") ?? size.ToString()}-{photo.Set}-{photo.Name}.bin");
        var missing = photos.Where(p => !File.Exists(CachePath(p))).ToList();
        foreach (var (photo, measured) in missing.Zip(ActivationCalibration.MeasurePerInput(prepared, missing.Select(p => p.Input))))
        {
            using (var writer = new BinaryWriter(File.Create(CachePath(photo) + ".tmp")))
                measured.Write(writer);
            File.Move(CachePath(photo) + ".tmp", CachePath(photo));
            Console.Error.WriteLine($"measured {photo.Set}/{photo.Name} at {clock.Elapsed.TotalSeconds:F0} s");
        }
        var statistics = photos.Select(photo =>
        {
            using var reader = new BinaryReader(File.OpenRead(CachePath(photo)));
            return ActivationStatistics.Read(reader);
        }).ToList();
        Console.Error.WriteLine($"statistics in {clock.Elapsed.TotalSeconds:F0} s");
        string[] evaluated = (Environment.GetEnvironmentVariable("ECO_STUDY_SETS") ?? "objects").Split(',');
        photos = photos.Where(p => evaluated.Contains(p.Set)).ToList();
                Report("raw1024", photos, photos.Select(p => p.Raw).ToList(), []);
        if (Environment.GetEnvironmentVariable("ECO_STUDY_FLOAT") == "1")
            using (var session = new InferenceSession(prepared.ToByteArray(), Options()))
                Evaluate($"float{size}", session, photos);
        foreach (var variant in variants)
        {
            var spec = variant.Split(';').Select(part => part.Split('=', 2)).ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : "");
            string calibrateOn = spec.GetValueOrDefault("cal", "real");
            string coverage = spec.GetValueOrDefault("cov", "0.9999");
            var floatPrefixes = spec.TryGetValue("float", out var f) ? f.Split(',', StringSplitOptions.RemoveEmptyEntries) : [];
            var total = new ActivationStatistics();
            for (int i = 0; i < setOf.Count; i++)
                if (calibrateOn.Split('+').Contains(setOf[i]) || calibrateOn.Split('+').Contains(setOf[i] + "/" + i % 2))
                    total.Add(statistics[i]);
            var graph = prepared.Clone();
            Int8Quantization.Quantize(graph, total.Ranges(double.Parse(coverage, System.Globalization.CultureInfo.InvariantCulture)), Int8Quantization.WeightBitsForThisCpu,
                tensor => floatPrefixes.Any(prefix => tensor.StartsWith(prefix, StringComparison.Ordinal)));
            using var session = new InferenceSession(graph.ToByteArray(), Options());
            Evaluate(variant, session, photos);
        }
    }

    /// <summary>
    /// Inference time of the float network at 1024 px (max) against the 8-bit one at 1024 and 896 px (eco now
    /// and before), interleaved photo by photo so that a shared machine's changing load hits all three alike.
    /// </summary>
    public static async Task TimeAsync(int photoCount)
    {
        string modelPath = await NpmModelStore.FromEnvironment().GetModelFileAsync(ModelCatalog.IsNetFp16);
        var prepared = OnnxGraphPreparation.PrepareModel(modelPath);
        var ranges = ActivationCalibration.LoadEmbedded(ModelCatalog.IsNetFp16Eco.Int8Calibration!).Ranges;
        var quantised = prepared.Clone();
        Int8Quantization.Quantize(quantised, ranges, Int8Quantization.WeightBitsForThisCpu);
        var candidates = new (string Label, InferenceSession Session, int Size)[]
        {
            ("float 1024 (max)", new InferenceSession(prepared.ToByteArray(), Options()), 1024),
            ("int8 1024 (eco)", new InferenceSession(quantised.ToByteArray(), Options()), 1024),
            ("int8 896 (eco before)", new InferenceSession(quantised.ToByteArray(), Options()), 896),
        };
        var times = candidates.ToDictionary(c => c.Label, _ => new List<double>());
        foreach (var path in PhotoSet.Real.PhotoPaths.Take(photoCount))
        {
            var image = ImageDecoder.Decode(File.ReadAllBytes(path)).Image;
            foreach (var (label, session, size) in candidates)
            {
                var input = ImageSegmenter.Preprocess(image, ModelCatalog.IsNetFp16 with { InputSize = size });
                var clock = Stopwatch.StartNew();
                using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input.Buffer, [1, 3, size, size]);
                using var runOptions = new RunOptions();
                using var outputs = session.Run(runOptions, [session.InputMetadata.Keys.First()], [value], [session.OutputMetadata.Keys.First()]);
                times[label].Add(clock.Elapsed.TotalMilliseconds);
            }
        }
        foreach (var (label, list) in times)
        {
            list.Sort();
            Console.WriteLine($"{label}: median {list[list.Count / 2]:F0} ms over {list.Count} photos ({string.Join(" ", list.Select(t => t.ToString("F0")))})");
        }
        foreach (var candidate in candidates)
            candidate.Session.Dispose();
    }

    private static SessionOptions Options() => new() { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, ExecutionMode = ExecutionMode.ORT_SEQUENTIAL };

    private static void Evaluate(string label, InferenceSession session, List<Photo> photos)
    {
        string inputName = session.InputMetadata.Keys.First(), outputName = session.OutputMetadata.Keys.First();
        var alphas = new List<AlphaMatte>();
        var times = new List<double>();
        foreach (var photo in photos)
        {
            var clock = Stopwatch.StartNew();
            using var value = OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, photo.Input.Buffer, [1, 3, photo.Input.Dimensions[2], photo.Input.Dimensions[3]]);
            using var runOptions = new RunOptions();
            using var outputs = session.Run(runOptions, [inputName], [value], [outputName]);
            times.Add(clock.Elapsed.TotalMilliseconds);
            var data = outputs[0].GetTensorDataAsSpan<float>();
            int side = photo.Input.Dimensions[2];
            var alpha = new float[side * side];
            for (int i = 0; i < alpha.Length; i++)
                alpha[i] = Math.Clamp(data[i], 0f, 1f);
            alphas.Add(new AlphaMatte(side, side, alpha));
        }
        times.Sort();
        Report(label, photos, alphas, times);
    }

    private static void Report(string label, List<Photo> photos, List<AlphaMatte> alphas, List<double> times)
    {
        var lines = new List<string>();
        foreach (var setName in photos.Select(p => p.Set).Distinct())
        {
            var scores = photos.Select((p, i) => (p, a: alphas[i])).Where(x => x.p.Set == setName).Select(x =>
            {
                var stretched = Resampling.ResizeBilinear(x.a, x.p.Truth.Width, x.p.Truth.Height);
                double Value(AlphaMatte alpha) => setName == "soft" ? MatteMetrics.SumOfAbsoluteDifferences(alpha, x.p.Truth) : MatteMetrics.IntersectionOverUnion(alpha, x.p.Truth);
                return (x.p.Name, Value: Value(stretched),
                    Eco: x.p.Image is { } image ? Value(MatteRefiner.Refine(image, x.a, QualityMode.Eco, RefinementOptions.Default).Alpha) : double.NaN,
                    Max: x.p.Image is { } photo ? Value(MatteRefiner.Refine(photo, x.a, QualityMode.Max, RefinementOptions.Default with { Decontaminate = false }).Alpha) : double.NaN);
            }).ToList();
            lines.Add($"  {setName} mean {scores.Average(s => s.Value):F4}: {string.Join(" ", scores.Select(s => $"{s.Name}={s.Value:F3}"))}");
            if (Refined)
                lines.Add($"  {setName} eco-refined mean {scores.Average(s => s.Eco):F4} max-refined mean {scores.Average(s => s.Max):F4}: {string.Join(" ", scores.Select(s => $"{s.Name}={s.Eco:F3}/{s.Max:F3}"))}");
        }
        string time = times.Count > 0 ? $" median {times[times.Count / 2]:F0} ms" : "";
        Console.WriteLine($"[{label}]{time}\n{string.Join("\n", lines)}");
    }
}
