using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Core.Tests.Evaluation;
using Cutout.Evaluation;
using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

/// <summary>
/// Fine soft hair over four real developer photos (<see cref="SyntheticHair"/>): what max mode's
/// closed-form solve of the soft regions recovers from the model's haze. Measured per photo
/// (SAD / gradient error vs the bilinearly upsampled model alpha): libby −34% / −27%, camel
/// −37% / −25%, ccp-0010 −40% / −41%, goat −33% / −29%. Before the closed-form solve (guided filter
/// only) max managed −13% / +12%: it erased every strand the model drew fainter than 0.5.
/// </summary>
public sealed class SoftRegionMattingTests
{
    private static readonly Lazy<IReadOnlyList<(double RawSad, double MaxSad, double RawGradient, double MaxGradient)>> Measured = new(() =>
        SyntheticHair.DevelopmentCases
            .Select(c => SyntheticHair.Over(DevelopmentSet.All.First(p => p.Name == c.Photo).Image, c.Seed, c.StrandWidth, c.StrandCount))
            .Select(hair =>
            {
                var raw = Resampling.ResizeBilinear(hair.ModelAlpha, hair.Image.Width, hair.Image.Height);
                var max = MatteRefiner.Refine(hair.Image, hair.ModelAlpha, QualityMode.Max, RefinementOptions.Default).Alpha;
                return (MatteMetrics.SumOfAbsoluteDifferences(raw, hair.Truth), MatteMetrics.SumOfAbsoluteDifferences(max, hair.Truth),
                    MatteMetrics.GradientError(raw, hair.Truth), MatteMetrics.GradientError(max, hair.Truth));
            }).ToList());

    // Measured: 9.90 → 7.25 thousand (−27%; −36% before the learned edge gate, which was fitted on real
    // soft mattes and keeps more of the model alpha).
    [PhotoFact]
    public void Soft_hair_strands_over_real_backgrounds_max_cuts_SAD_by_a_fifth_vs_the_model_alpha() =>
        AssertMaxCuts("SAD", s => (s.RawSad, s.MaxSad), meanLimit: 0.78, perPhotoLimit: 0.85);

    // Measured: 0.1327 → 0.0933 thousand (−30%); every photo −25% or better.
    [PhotoFact]
    public void Soft_hair_strands_over_real_backgrounds_max_cuts_the_gradient_error_by_a_quarter_vs_the_model_alpha() =>
        AssertMaxCuts("gradient error", s => (s.RawGradient, s.MaxGradient), meanLimit: 0.75, perPhotoLimit: 0.85);

    private static void AssertMaxCuts(string metric, Func<(double RawSad, double MaxSad, double RawGradient, double MaxGradient), (double Raw, double Max)> pick, double meanLimit, double perPhotoLimit)
    {
        var scores = Measured.Value.Select(pick).ToList();
        double raw = scores.Average(s => s.Raw), max = scores.Average(s => s.Max);
        Assert.True(max <= meanLimit * raw, $"{metric} raw {raw:F4}, max {max:F4}");
        Assert.All(scores, s => Assert.True(s.Max <= perPhotoLimit * s.Raw, $"{metric} raw {s.Raw:F4}, max {s.Max:F4}"));
    }
}
