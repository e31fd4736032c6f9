using System.Globalization;
using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// Max's model input variants against truth. `max-input-study record` runs the float model on every photo
/// letterboxed on grey, on replicated edges and on mirrored edges, and keeps the alphas in /tmp/cutout-input-study;
/// `max-input-study score VARIANT...` scores recorded variants, their per-pixel combinations with the squashed
/// input (`min:stretched+letterbox-grey`, `max:…`, `mean:…`) or max's second-look rule (`pick:letterbox-grey`,
/// see <see cref="SecondLook"/>), raw and after max's refinement, against the squashed input (recorded in tests/data).
/// </summary>
public static class MaxInputStudy
{
    private static readonly string Store = Path.Combine(Path.GetTempPath(), "cutout-input-study");

    private enum Pad { Edge, Mirror }

    public static async Task RecordAsync(Remover remover)
    {
        var segmenter = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var variants = new (string Name, Func<RgbaImage, AlphaMatte> Predict)[]
        {
            ("letterbox-grey", photo =>
            {
                var (input, frame) = segmenter.PreprocessLetterboxed(photo);
                return segmenter.InferLetterboxed(input, frame);
            }),
            ("letterbox-edge", photo => Letterboxed(segmenter, photo, Pad.Edge)),
            ("letterbox-mirror", photo => Letterboxed(segmenter, photo, Pad.Mirror)),
        };
        foreach (var set in MatteQuality.Sets)
            foreach (var name in set.Photos.Names)
            {
                RgbaImage? photo = null;
                foreach (var (variant, predict) in variants)
                {
                    string path = Path.Combine(Store, variant, set.Name, name + ".png");
                    if (File.Exists(path))
                        continue;
                    photo ??= set.Photos.Load(name).Image;
                    Directory.CreateDirectory(Path.GetDirectoryName(path)!);
                    await File.WriteAllBytesAsync(path, ImageEncoder.EncodeMask(predict(photo)));
                    Console.Error.WriteLine($"recorded {variant} {set.Name}/{name}");
                }
            }
    }

    public static void Score(IReadOnlyList<string> variants)
    {
        foreach (var variant in variants)
        {
            Console.WriteLine($"## {variant}");
            foreach (var set in MatteQuality.Sets)
            {
                var rows = set.Photos.Names.AsParallel().AsOrdered().Select(name =>
                {
                    var (_, _, photo, truth) = set.Photos.Load(name);
                    var stretched = Recorded("stretched", set, name);
                    var coarse = Coarse(variant, set, name);
                    var baseline = MatteQuality.Score(Resampling.ResizeBilinear(stretched, photo.Width, photo.Height), truth, set.SoftTruth);
                    var raw = MatteQuality.Score(Resampling.ResizeBilinear(coarse, photo.Width, photo.Height), truth, set.SoftTruth);
                    var max = MatteQuality.Score(MatteRefiner.Refine(photo, coarse, QualityMode.Max, RefinementOptions.Default with { Decontaminate = false }).Alpha, truth, set.SoftTruth);
                    return (Name: name, Baseline: baseline, Raw: raw, Max: max);
                }).ToList();
                string Ratio(Func<MatteQuality.Scores, double> pick, bool refined) =>
                    $"{(MatteMetrics.GeometricMeanRatio(rows.Select(r => (pick(refined ? r.Max : r.Raw), pick(r.Baseline)))) - 1) * 100:+0.0;-0.0}%";
                string Mean(Func<MatteQuality.Scores, double> pick, bool refined) => rows.Average(r => pick(refined ? r.Max : r.Raw)).ToString("F4", CultureInfo.InvariantCulture);
                foreach (bool refined in new[] { false, true })
                {
                    string stage = refined ? "max" : "raw";
                    Console.WriteLine(set.SoftTruth
                        ? $"{set.Name} {stage}: SAD {Mean(s => s.Sad, refined)} ({Ratio(s => s.Sad, refined)}) MSE {Ratio(s => s.Mse, refined)} gradient {Ratio(s => s.Gradient, refined)}"
                        : $"{set.Name} {stage}: IoU {Mean(s => s.Iou, refined)} band {Mean(s => s.Band, refined)} ({Ratio(s => s.Band, refined)}) gradient {Ratio(s => s.Gradient, refined)}");
                }
                Console.WriteLine($"  per photo ({(set.SoftTruth ? "SAD" : "IoU")} stretched raw / raw / max): " + string.Join(" ", rows.Select(r =>
                    set.SoftTruth ? $"{r.Name}={r.Baseline.Sad:F1}/{r.Raw.Sad:F1}/{r.Max.Sad:F1}" : $"{r.Name}={r.Baseline.Iou:F3}/{r.Raw.Iou:F3}/{r.Max.Iou:F3}")));
            }
        }
    }

    /// <summary>A recorded variant, or `min:a+b` / `mean:a+b` of recorded variants, at the stretched alpha's size.</summary>
    private static AlphaMatte Coarse(string variant, MatteQuality.Set set, string name)
    {
        int colon = variant.IndexOf(':');
        if (colon < 0)
            return Recorded(variant, set, name);
        if (variant[..colon] == "pick")
        {
            var stretched = Recorded("stretched", set, name);
            return SecondLook.IsUnsure(stretched) ? SecondLook.Combine(stretched, Recorded(variant[(colon + 1)..], set, name)) : stretched;
        }
        var parts = variant[(colon + 1)..].Split('+').Select(v => Recorded(v, set, name)).ToList();
        var first = parts[0];
        var combined = new float[first.Values.Length];
        for (int i = 0; i < combined.Length; i++)
        {
            float min = float.MaxValue, max = 0, sum = 0;
            foreach (var part in parts)
            {
                min = Math.Min(min, part.Values[i]);
                max = Math.Max(max, part.Values[i]);
                sum += part.Values[i];
            }
            combined[i] = variant[..colon] switch { "min" => min, "max" => max, _ => sum / parts.Count };
        }
        return new AlphaMatte(first.Width, first.Height, combined);
    }

    private static AlphaMatte Recorded(string variant, MatteQuality.Set set, string name)
    {
        string path = variant == "stretched"
            ? Path.Combine(MatteQuality.CoarseFolder(set), name + ".png")
            : Path.Combine(Store, variant, set.Name, name + ".png");
        var alpha = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(path)).Alpha;
        return alpha.Width == 1024 && alpha.Height == 1024 ? alpha : Resampling.ResizeBilinear(alpha, 1024, 1024);
    }

    /// <summary>
    /// The photo centred on a square canvas whose bars repeat its edge pixels or mirror it, predicted, and the photo's
    /// part of the alpha cut out (the grey bars max uses come from <see cref="ImageSegmenter.PreprocessLetterboxed"/>).
    /// </summary>
    private static AlphaMatte Letterboxed(ImageSegmenter segmenter, RgbaImage photo, Pad pad)
    {
        int side = Math.Max(photo.Width, photo.Height);
        int left = (side - photo.Width) / 2, top = (side - photo.Height) / 2;
        var canvas = new RgbaImage(side, side);
        for (int y = 0; y < side; y++)
        {
            var row = canvas.Row(y);
            var source = photo.Row(Fold(y - top, photo.Height, pad));
            for (int x = 0; x < side; x++)
                source.Slice(Fold(x - left, photo.Width, pad) * 4, 4).CopyTo(row.Slice(x * 4, 4));
        }
        return segmenter.InferLetterboxed(segmenter.Preprocess(canvas), InputFrame.Letterboxed(photo.Width, photo.Height, segmenter.Model.InputSize));
    }

    private static int Fold(int i, int length, Pad pad)
    {
        if (pad != Pad.Mirror)
            return Math.Clamp(i, 0, length - 1);
        int period = 2 * length;
        int m = ((i % period) + period) % period;
        return m < length ? m : period - 1 - m;
    }
}
