using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// Fine soft hair with exact alpha (<see cref="SyntheticHair"/>), scored two ways: strands over developer
/// photos with the stand-in model alpha (the truth blurred, what the tests use), and hair grown out of
/// real subjects with the real model run on the composite, scored in the hair zone.
/// </summary>
public static class SoftHair
{
    public sealed record Scores(double Sad, double Gradient);

    public sealed record StandInRow(string Name, Scores Raw, Scores Max);

    /// <summary>Soft is max asked for soft edges (<see cref="SoftEdges"/>).</summary>
    public sealed record GrownRow(string Name, Scores Raw, Scores Max, Scores Soft, Scores Eco);

    public static RefinementOptions SoftEdges { get; } = RefinementOptions.Default with { EdgeSoftness = 0.6f };

    public static IReadOnlyList<StandInRow> MeasureStandIn(PhotoSet devSet)
    {
        var rows = new List<StandInRow>();
        foreach (var (photo, seed, strandWidth, strandCount) in SyntheticHair.DevelopmentCases)
        {
            var hair = SyntheticHair.Over(devSet.Load(photo).Image, seed, strandWidth, strandCount);
            rows.Add(new StandInRow(photo,
                Score(Resampling.ResizeBilinear(hair.ModelAlpha, hair.Image.Width, hair.Image.Height), hair.Truth),
                Score(MatteRefiner.Refine(hair.Image, hair.ModelAlpha, QualityMode.Max, RefinementOptions.Default).Alpha, hair.Truth)));
        }
        return rows;
    }

    public static async Task<IReadOnlyList<GrownRow>> MeasureGrownAsync(Remover remover, PhotoSet devSet)
    {
        var segmenter = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var rows = new List<GrownRow>();
        foreach (var (photo, growth) in SyntheticHair.GrownCases)
        {
            var subject = devSet.Load(photo);
            var hair = SyntheticHair.GrownOn(subject.Image, subject.Truth.Alpha, growth);
            var encoded = ImageEncoder.Encode(hair.Image, OutputFormat.Png);
            async Task<Scores> ScoreModeAsync(QualityMode mode, RefinementOptions refinement) => Score(GroundTruthMatte.FromMaskFile(
                (await remover.RemoveAsync(encoded, new CutoutOptions { Mode = mode, Refinement = refinement, Output = new OutputOptions { MaskOnly = true } })).Encoded).Alpha, hair.Truth);

            rows.Add(new GrownRow($"{photo} (seed {growth.Seed})",
                Score(Resampling.ResizeBilinear(segmenter.Predict(hair.Image), hair.Image.Width, hair.Image.Height), hair.Truth),
                await ScoreModeAsync(QualityMode.Max, RefinementOptions.Default),
                await ScoreModeAsync(QualityMode.Max, SoftEdges),
                await ScoreModeAsync(QualityMode.Eco, RefinementOptions.Default)));
        }
        return rows;
    }

    private static Scores Score(AlphaMatte alpha, GroundTruthMatte truth) =>
        new(MatteMetrics.SumOfAbsoluteDifferences(alpha, truth), MatteMetrics.GradientError(alpha, truth));
}
