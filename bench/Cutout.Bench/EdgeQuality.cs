using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// Edge quality on the photos with ground truth: the raw model alpha (bilinearly stretched to full
/// resolution, as the npm peer outputs it) against what <c>max</c> and <c>eco</c> deliver.
/// </summary>
public static class EdgeQuality
{
    public sealed record Scores(double Iou, double Mae, double BandError, double Sad, double Gradient, double Bleed);

    public sealed record Row(string Name, Scores Raw, Scores Max, Scores Eco);

    public static async Task<IReadOnlyList<Row>> MeasureAsync(Remover remover, PhotoSet devSet)
    {
        var raw = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var rows = new List<Row>();
        foreach (var (name, encoded, photo, truth) in devSet.LoadAll())
        {
            // Raw: the photo's own pixels under the model alpha, what a tool without decontamination writes.
            var rawAlpha = Resampling.ResizeBilinear(raw.Predict(photo), photo.Width, photo.Height);
            rows.Add(new Row(name,
                Score(photo.WithAlpha(rawAlpha), photo, truth),
                Score(await CutoutAsync(remover, encoded, QualityMode.Max), photo, truth),
                Score(await CutoutAsync(remover, encoded, QualityMode.Eco), photo, truth)));
        }
        return rows;
    }

    public sealed record EdgeColourRow(string Name, double Raw, double Max, double Eco);

    /// <summary>
    /// Halo colour: each photo composited over green along its softened mask
    /// (<see cref="GreenScreenComposite"/>), cut out, and the colours shown along the outline scored
    /// against the photo's own (<see cref="MatteMetrics.EdgeColourError"/>). Raw keeps the composite's
    /// pixels under the model alpha, as a tool without decontamination does.
    /// </summary>
    public static async Task<IReadOnlyList<EdgeColourRow>> MeasureEdgeColourAsync(Remover remover, PhotoSet devSet)
    {
        var raw = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var rows = new List<EdgeColourRow>();
        foreach (var (name, _, photo, mask) in devSet.LoadAll())
        {
            var (composite, truth, foreground) = GreenScreenComposite.Of(photo, mask);
            byte[] encoded = ImageEncoder.Encode(composite, OutputFormat.Png);
            var rawAlpha = Resampling.ResizeBilinear(raw.Predict(composite), composite.Width, composite.Height);
            rows.Add(new EdgeColourRow(name,
                MatteMetrics.EdgeColourError(composite.WithAlpha(rawAlpha), foreground, truth),
                MatteMetrics.EdgeColourError(await CutoutAsync(remover, encoded, QualityMode.Max), foreground, truth),
                MatteMetrics.EdgeColourError(await CutoutAsync(remover, encoded, QualityMode.Eco), foreground, truth)));
        }
        return rows;
    }

    private static async Task<RgbaImage> CutoutAsync(Remover remover, byte[] encoded, QualityMode mode) =>
        ImageDecoder.Decode((await remover.RemoveAsync(encoded, new CutoutOptions { Mode = mode })).Encoded).Image;

    private static Scores Score(RgbaImage cutout, RgbaImage photo, GroundTruthMatte truth)
    {
        var alpha = new AlphaMatte(cutout.Width, cutout.Height);
        for (int i = 0; i < alpha.Values.Length; i++)
            alpha.Values[i] = cutout.Pixels[i * 4 + 3] / 255f;
        return new Scores(
            MatteMetrics.IntersectionOverUnion(alpha, truth),
            MatteMetrics.MeanAbsoluteError(alpha, truth),
            MatteMetrics.BoundaryBandError(alpha, truth),
            MatteMetrics.SumOfAbsoluteDifferences(alpha, truth),
            MatteMetrics.GradientError(alpha, truth),
            MatteMetrics.ColourBleed(cutout, photo, truth));
    }
}
