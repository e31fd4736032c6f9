using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// Max's model input variants against truth: the stretched 1024 input (today, recorded), a horizontally flipped
/// second pass averaged in (test-time augmentation), and an aspect-preserving (letterboxed) input.
/// Each coarse alpha is scored raw (stretched to the photo) and after max's refinement.
/// </summary>
public static class MaxInputStudy
{
    public static async Task RunAsync(Remover remover)
    {
        var segmenter = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var results = new Dictionary<string, List<(MatteQuality.Set Set, string Name, MatteQuality.Scores Raw, MatteQuality.Scores Max)>>();
        foreach (var set in MatteQuality.Sets)
        {
            foreach (var name in set.Photos.Names)
            {
                var (_, _, photo, truth) = set.Photos.Load(name);
                var stretched = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(Path.Combine(TestPhotos.RepositoryRoot, "tests", "data", set.CoarseFolder, name + ".png"))).Alpha;
                var flipped = Mirror(segmenter.Predict(Mirror(photo)));
                var averaged = new AlphaMatte(stretched.Width, stretched.Height, stretched.Values.Zip(flipped.Values, (a, b) => (a + b) / 2).ToArray());
                var letterboxed = Letterboxed(segmenter, photo, 128);
                foreach (var (label, coarse) in new[] { ("stretched", stretched), ("flip-averaged", averaged), ("letterbox-grey", letterboxed) })
                {
                    var raw = MatteQuality.Score(Resampling.ResizeBilinear(coarse, photo.Width, photo.Height), truth, set.SoftTruth);
                    var max = MatteQuality.Score(MatteRefiner.Refine(photo, coarse, QualityMode.Max, RefinementOptions.Default with { Decontaminate = false }).Alpha, truth, set.SoftTruth);
                    if (!results.TryGetValue(label, out var list))
                        results[label] = list = [];
                    list.Add((set, name, raw, max));
                    Console.Error.WriteLine($"{set.Name}/{name} {label}: raw {(set.SoftTruth ? raw.Sad : raw.Iou):F4} max {(set.SoftTruth ? max.Sad : max.Iou):F4}");
                }
            }
        }

        var baseline = results["stretched"];
        foreach (var (label, rows) in results)
        {
            Console.WriteLine($"## {label}");
            foreach (var set in MatteQuality.Sets)
            {
                var pairs = rows.Zip(baseline).Where(p => p.First.Set == set).ToList();
                string Ratio(Func<MatteQuality.Scores, double> pick, bool refined) =>
                    $"{(MatteMetrics.GeometricMeanRatio(pairs.Select(p => (pick(refined ? p.First.Max : p.First.Raw), pick(p.Second.Raw)))) - 1) * 100:+0.0;-0.0}%";
                string Mean(Func<MatteQuality.Scores, double> pick, bool refined) => pairs.Average(p => pick(refined ? p.First.Max : p.First.Raw)).ToString("F4");
                foreach (bool refined in new[] { false, true })
                {
                    string stage = refined ? "max" : "raw";
                    Console.WriteLine(set.SoftTruth
                        ? $"{set.Name} {stage}: SAD {Mean(s => s.Sad, refined)} ({Ratio(s => s.Sad, refined)}) MSE {Ratio(s => s.Mse, refined)} gradient {Ratio(s => s.Gradient, refined)}"
                        : $"{set.Name} {stage}: IoU {Mean(s => s.Iou, refined)} band {Mean(s => s.Band, refined)} ({Ratio(s => s.Band, refined)}) gradient {Ratio(s => s.Gradient, refined)}");
                }
                Console.WriteLine($"  per photo ({(set.SoftTruth ? "SAD" : "IoU")} raw/max): " + string.Join(" ", pairs.Select(p => $"{p.First.Name}={(set.SoftTruth ? $"{p.First.Raw.Sad:F1}/{p.First.Max.Sad:F1}" : $"{p.First.Raw.Iou:F3}/{p.First.Max.Iou:F3}")}")));
            }
        }
    }

    private static RgbaImage Mirror(RgbaImage image)
    {
        var mirrored = new RgbaImage(image.Width, image.Height);
        for (int y = 0; y < image.Height; y++)
        {
            var source = image.Row(y);
            var target = mirrored.Row(y);
            for (int x = 0; x < image.Width; x++)
                source.Slice(x * 4, 4).CopyTo(target.Slice((image.Width - 1 - x) * 4, 4));
        }
        return mirrored;
    }

    private static AlphaMatte Mirror(AlphaMatte alpha)
    {
        var mirrored = new AlphaMatte(alpha.Width, alpha.Height);
        for (int y = 0; y < alpha.Height; y++)
            for (int x = 0; x < alpha.Width; x++)
                mirrored[alpha.Width - 1 - x, y] = alpha[x, y];
        return mirrored;
    }

    /// <summary>The photo centred on a square grey canvas, predicted, and the photo's part of the alpha cut out.</summary>
    private static AlphaMatte Letterboxed(ImageSegmenter segmenter, RgbaImage photo, int grey)
    {
        int side = Math.Max(photo.Width, photo.Height);
        int left = (side - photo.Width) / 2, top = (side - photo.Height) / 2;
        var canvas = new RgbaImage(side, side);
        for (int y = 0; y < side; y++)
        {
            var row = canvas.Row(y);
            var source = photo.Row(Math.Clamp(y - top, 0, photo.Height - 1));
            for (int x = 0; x < side; x++)
            {
                int sx = x - left;
                if (sx >= 0 && sx < photo.Width && y - top >= 0 && y - top < photo.Height)
                    source.Slice(sx * 4, 4).CopyTo(row.Slice(x * 4, 4));
                else
                {
                    row[x * 4] = row[x * 4 + 1] = row[x * 4 + 2] = (byte)grey;
                    row[x * 4 + 3] = 255;
                }
            }
        }
        var alpha = segmenter.Predict(canvas);
        double scale = (double)alpha.Width / side;
        int cropLeft = (int)Math.Round(left * scale), cropTop = (int)Math.Round(top * scale);
        int width = (int)Math.Round(photo.Width * scale), height = (int)Math.Round(photo.Height * scale);
        var cropped = new AlphaMatte(width, height);
        for (int y = 0; y < height; y++)
            alpha.Row(cropTop + y).Slice(cropLeft, width).CopyTo(cropped.Row(y));
        return cropped;
    }
}
