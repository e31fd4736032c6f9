using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Evaluation;
using Cutout.Matting;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>
/// Edge quality on the 20 developer photos, against the imgly baseline: the model's alpha bilinearly
/// resized to the photo. Thresholds sit a little inside what was measured (see each test).
/// </summary>
public sealed class EdgeQualityOnDevelopmentSetTests
{
    private static readonly Lazy<IReadOnlyList<Scores>> Measured = new(Measure);

    private sealed record Scores(string Name, double RawIou, double MaxIou, double EcoIou, double RawBand, double MaxBand, double EcoBand, double RawMae, double MaxMae, double RawGradient, double MaxGradient);

    [PhotoFact]
    public void Max_mode_cuts_the_boundary_band_error_of_the_raw_model_alpha_by_a_sixth_per_photo()
    {
        var scores = Measured.Value;
        double ratio = MatteMetrics.GeometricMeanRatio(scores.Select(s => (s.MaxBand, s.RawBand)));
        // Measured: −17.3% (geometric mean of the per-photo ratios; set means 0.0802 → 0.0690), −12.5% before max
        // sharpened corroborated edges. The ungated solve gave −20.1%, the model alpha thresholded at 0.5 −32.5%;
        // the learned edge gate (EdgeGate) gives up part of it for the gradient errors of both sets.
        Assert.True(ratio <= 0.85, $"band error ratio {ratio:F3}: raw {scores.Average(s => s.RawBand):F4}, max {scores.Average(s => s.MaxBand):F4}");
    }

    [PhotoFact]
    public void Max_mode_raises_the_intersection_over_union()
    {
        var scores = Measured.Value;
        double raw = scores.Average(s => s.RawIou), max = scores.Average(s => s.MaxIou);
        // Measured: 0.8586 → 0.8660, davis-libby 0.590 → 0.757 from max's averaged second look (0.8606 with
        // the squashed input alone); worst photo davis-bmx-trees 0.773 → 0.758.
        Assert.True(max >= raw + 0.004, $"IoU raw {raw:F4}, max {max:F4}");
        Assert.All(scores, s => Assert.True(s.MaxIou >= s.RawIou - 0.02, $"{s.Name}: IoU raw {s.RawIou:F3}, max {s.MaxIou:F3}"));
    }

    [PhotoFact]
    public void Max_mode_lowers_the_overall_alpha_error()
    {
        var scores = Measured.Value;
        // Measured: MAE 0.0168 → 0.0146 (0.0153 before max sharpened corroborated edges, 0.0133 without the learned edge gate).
        Assert.True(scores.Average(s => s.MaxMae) <= 0.95 * scores.Average(s => s.RawMae));
    }

    [PhotoFact]
    public void Max_mode_keeps_the_gradient_error_no_higher_than_the_raw_model_alpha()
    {
        var scores = Measured.Value;
        double raw = scores.Average(s => s.RawGradient), max = scores.Average(s => s.MaxGradient);
        // Measured: 0.118 → 0.116, −0.4% per photo (0.114 before max sharpened corroborated edges, 0.116 before the
        // gate's soft candidate, 0.120 with the squashed input alone; +6% without the learned edge gate, +27% with the
        // model alpha thresholded at 0.5). Sharper edges raise it
        // because these masks are binary and drawn a pixel or two off the photo's edges: the ground
        // truth itself shifted by 2 px scores 0.133, above raw's ramp.
        Assert.True(max <= raw, $"gradient error raw {raw:F4}, max {max:F4}");
    }

    [PhotoFact]
    public void Eco_mode_keeps_intersection_over_union_within_a_hundredth_of_raw()
    {
        var scores = Measured.Value;
        double raw = scores.Average(s => s.RawIou), eco = scores.Average(s => s.EcoIou);
        // Measured: 0.8586 → 0.8594; band error 0.0802 → 0.0630.
        Assert.True(Math.Abs(eco - raw) <= 0.01, $"IoU raw {raw:F4}, eco {eco:F4}");
        Assert.True(scores.Average(s => s.EcoBand) < scores.Average(s => s.RawBand));
    }

    [PhotoFact]
    public void Decontamination_lowers_colour_bleed_of_photos_composited_on_a_contrasting_background()
    {
        // The ground truth is binary, so soft edges of known colour are made (GreenScreenComposite).
        double withoutDecontamination = 0, withDecontamination = 0;
        foreach (var photo in DevelopmentSet.All)
        {
            var (composite, truth, foreground) = GreenScreenComposite.Of(photo.Image, photo.Truth);
            withoutDecontamination += MatteMetrics.ColourBleed(composite.WithAlpha(truth.Alpha), foreground, truth);
            var decontaminated = ForegroundEstimator.Estimate(composite, truth.Alpha, RefinementPlan.For(composite, photo.ModelAlpha, QualityMode.Max, RefinementOptions.Default));
            withDecontamination += MatteMetrics.ColourBleed(decontaminated, foreground, truth);
        }
        // Measured: mean bleed 2.82 → 1.54 (0..255 units).
        Assert.True(withDecontamination <= 0.7 * withoutDecontamination, $"bleed {withoutDecontamination / 20:F2} → {withDecontamination / 20:F2}");
    }

    [PhotoFact]
    public void Edge_pixels_that_max_makes_opaque_lose_the_old_background_colour()
    {
        // Crisp-edge contrast turns the outermost, partly see-through pixels of an edge opaque. Their
        // colour must still be separated from the background with the alpha before contrast, or a rim
        // of the old background stays (green around the white sheep on white). Error of the colours the
        // cutout shows within 3 px of the outline of each GreenScreenComposite.
        double separatedWithFinalAlpha = 0, separatedBeforeContrast = 0;
        foreach (var photo in DevelopmentSet.All)
        {
            var (composite, truth, foreground) = GreenScreenComposite.Of(photo.Image, photo.Truth);
            var refined = MatteRefiner.Refine(composite, photo.MaxModelAlpha, QualityMode.Max, RefinementOptions.Default);
            var plan = RefinementPlan.For(composite, photo.MaxModelAlpha, QualityMode.Max, RefinementOptions.Default);
            separatedWithFinalAlpha += MatteMetrics.EdgeColourError(ForegroundEstimator.Estimate(composite, refined.Alpha, plan), foreground, truth);
            separatedBeforeContrast += MatteMetrics.EdgeColourError(refined.Foreground, foreground, truth);
        }
        // Measured: 17.11 → 16.71 (−2.3%); 20.43 → 17.49 (−14%) before the learned edge gate (EdgeGate)
        // took most of the contrast off, and with it most of the pixels contrast makes opaque.
        Assert.True(separatedBeforeContrast <= 0.985 * separatedWithFinalAlpha, $"edge colour error {separatedWithFinalAlpha / 20:F2} → {separatedBeforeContrast / 20:F2}");
    }

    private static IReadOnlyList<Scores> Measure() => DevelopmentSet.All.AsParallel().AsOrdered().WithDegreeOfParallelism(2).Select(photo =>
    {
        var raw = Resampling.ResizeBilinear(photo.ModelAlpha, photo.Image.Width, photo.Image.Height);
        var max = MatteRefiner.Refine(photo.Image, photo.MaxModelAlpha, QualityMode.Max, RefinementOptions.Default).Alpha;
        var eco = MatteRefiner.Refine(photo.Image, photo.ModelAlpha, QualityMode.Eco, RefinementOptions.Default).Alpha;
        var truth = photo.Truth;
        return new Scores(photo.Name,
            MatteMetrics.IntersectionOverUnion(raw, truth), MatteMetrics.IntersectionOverUnion(max, truth), MatteMetrics.IntersectionOverUnion(eco, truth),
            MatteMetrics.BoundaryBandError(raw, truth), MatteMetrics.BoundaryBandError(max, truth), MatteMetrics.BoundaryBandError(eco, truth),
            MatteMetrics.MeanAbsoluteError(raw, truth), MatteMetrics.MeanAbsoluteError(max, truth),
            MatteMetrics.GradientError(raw, truth), MatteMetrics.GradientError(max, truth));
    }).ToList();
}
