using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Evaluation;
using Cutout.Matting;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>
/// Max's segmentation and refinement against the raw model alpha (the recorded fp16 ISNet alpha stretched to the
/// photo, what the npm peer outputs) on the 16 measured soft mattes and the 15 objects with thin parts; max refines
/// the same alpha, or its recorded letterboxed second look where that is surer. Ratios are
/// geometric means over the photos, so each photo counts equally; thresholds sit a little outside what
/// was measured (see each test and BENCHMARKS.md).
/// </summary>
public sealed class SoftMatteQualityTests
{
    private static readonly Lazy<IReadOnlyList<Scores>> SoftScores = new(() => Measure(DevelopmentSet.Soft, softTruth: true));
    private static readonly Lazy<IReadOnlyList<Scores>> ObjectScores = new(() => Measure(DevelopmentSet.Objects, softTruth: false));

    private sealed record Scores(string Name, double RawSad, double MaxSad, double RawGradient, double MaxGradient,
        double RawMse, double MaxMse, double RawIou, double MaxIou, double RawBand, double MaxBand);

    [PhotoFact]
    public void Max_mode_lowers_the_sad_of_the_raw_model_alpha_on_real_soft_mattes()
    {
        double ratio = MatteMetrics.GeometricMeanRatio(SoftScores.Value.Select(s => (s.MaxSad, s.RawSad)));
        // Measured: −53.1%, most of it the letterboxed second look at five close-ups the squashed input half
        // lost (am-gt01 62.3 → 1.0 thousand); −9.4% before it, by the refinement alone.
        Assert.True(ratio <= 0.6, $"SAD ratio {ratio:F3}: {Describe(SoftScores.Value, s => (s.RawSad, s.MaxSad))}");
    }

    [PhotoFact]
    public void Max_mode_halves_the_squared_error_of_soft_mattes_and_lowers_their_gradient_error()
    {
        double gradient = MatteMetrics.GeometricMeanRatio(SoftScores.Value.Select(s => (s.MaxGradient, s.RawGradient)));
        double mse = MatteMetrics.GeometricMeanRatio(SoftScores.Value.Select(s => (s.MaxMse, s.RawMse)));
        // Measured: gradient −29.0%, MSE −57.0% (−32.0% and −58.3% before max sharpened corroborated edges; −26.4% and
        // −56.6% before the gate's soft candidate; −21.9% and −52.9% before unsure views were averaged; squashed
        // input only: +4.6% and −1.5%).
        Assert.True(gradient <= 0.75, $"gradient ratio {gradient:F3}: {Describe(SoftScores.Value, s => (s.RawGradient, s.MaxGradient))}");
        Assert.True(mse <= 0.6, $"MSE ratio {mse:F3}");
    }

    [PhotoFact]
    public void Max_mode_keeps_the_single_strands_of_fine_doll_hair()
    {
        var hair = SoftScores.Value.Single(s => s.Name == "am-gt03");
        // Measured: SAD 19.23 → 14.63 (−24%), gradient error 0.288 → 0.195 (−32%; −37% before max sharpened
        // corroborated edges); before the gate's soft candidate −18% / −25%, before the learned edge gate −15% / −3%.
        Assert.True(hair.MaxSad <= 0.82 * hair.RawSad, $"SAD {hair.RawSad:F2} → {hair.MaxSad:F2}");
        Assert.True(hair.MaxGradient <= 0.72 * hair.RawGradient, $"gradient {hair.RawGradient:F3} → {hair.MaxGradient:F3}");
    }

    [PhotoFact]
    public void Max_mode_sharpens_the_outlines_of_objects_with_thin_parts_without_dropping_parts()
    {
        var scores = ObjectScores.Value;
        double band = MatteMetrics.GeometricMeanRatio(scores.Select(s => (s.MaxBand, s.RawBand)));
        double rawIou = scores.Average(s => s.RawIou), maxIou = scores.Average(s => s.MaxIou);
        // Measured: band error −14.6% (−6.7% before max sharpened corroborated edges), IoU 0.9446 → 0.9441, worst the
        // hand truck 0.924 → 0.918 (−8.4% and 0.9447
        // before the edge gate's soft candidate, which softens a few thin parts: tripod 0.827 → 0.823, raw 0.826). Before the cleanup
        // kept openings over 4x4 and parts over 14x14 model pixels: −4.4% and 0.9403 (the hand truck 0.896).
        Assert.True(band <= 0.9, $"band error ratio {band:F3}");
        Assert.True(maxIou >= rawIou - 0.001, $"IoU raw {rawIou:F4}, max {maxIou:F4}");
        Assert.All(scores, s => Assert.True(s.MaxIou >= s.RawIou - 0.015, $"{s.Name}: IoU raw {s.RawIou:F3}, max {s.MaxIou:F3}"));
    }

    private static string Describe(IEnumerable<Scores> scores, Func<Scores, (double Raw, double Max)> pick) =>
        string.Join(", ", scores.Select(s => $"{s.Name} {pick(s).Raw:F3}→{pick(s).Max:F3}"));

    /// <summary>Soft truth gets the matting figures, binary truth IoU and band error (the others stay 0).</summary>
    private static IReadOnlyList<Scores> Measure(IReadOnlyList<DevelopmentPhoto> photos, bool softTruth) => photos.AsParallel().AsOrdered().WithDegreeOfParallelism(2).Select(photo =>
    {
        var raw = Resampling.ResizeBilinear(photo.ModelAlpha, photo.Image.Width, photo.Image.Height);
        var max = MatteRefiner.Refine(photo.Image, photo.MaxModelAlpha, QualityMode.Max, RefinementOptions.Default with { Decontaminate = false }).Alpha;
        var truth = photo.Truth;
        return softTruth
            ? new Scores(photo.Name,
                MatteMetrics.SumOfAbsoluteDifferences(raw, truth), MatteMetrics.SumOfAbsoluteDifferences(max, truth),
                MatteMetrics.GradientError(raw, truth), MatteMetrics.GradientError(max, truth),
                MatteMetrics.MeanSquaredError(raw, truth), MatteMetrics.MeanSquaredError(max, truth), 0, 0, 0, 0)
            : new Scores(photo.Name, 0, 0, 0, 0, 0, 0,
                MatteMetrics.IntersectionOverUnion(raw, truth), MatteMetrics.IntersectionOverUnion(max, truth),
                MatteMetrics.BoundaryBandError(raw, truth), MatteMetrics.BoundaryBandError(max, truth));
    }).ToList();
}
