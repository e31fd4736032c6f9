using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Bench;

/// <summary>
/// Fine soft hair (<see cref="SyntheticHair"/>: strands with exact soft alpha drawn over developer photos),
/// scored two ways: with the fixture's stand-in model alpha (the truth blurred, what the tests use) and
/// with the real model run on the composite, whose haze over thin strands is fainter and patchier.
/// </summary>
public static class SoftHair
{
    public sealed record Scores(double Sad, double Gradient);

    public sealed record Row(string Name, Scores StandInRaw, Scores StandInMax, Scores Raw, Scores Max, Scores Eco);

    public static async Task<IReadOnlyList<Row>> MeasureAsync(Remover remover, string dataDir)
    {
        var segmenter = await remover.GetSegmenterAsync(ModelCatalog.IsNetFp16);
        var rows = new List<Row>();
        foreach (var (photo, seed, strandWidth, strandCount) in SyntheticHair.DevelopmentCases)
        {
            string path = DevelopmentPhotos.Named(dataDir, photo);
            var background = ImageDecoder.Decode(await File.ReadAllBytesAsync(path)).Image;
            var hair = SyntheticHair.Over(background, seed, strandWidth, strandCount);
            int width = background.Width, height = background.Height;
            Scores Score(AlphaMatte alpha) => new(MatteMetrics.SumOfAbsoluteDifferences(alpha, hair.Truth), MatteMetrics.GradientError(alpha, hair.Truth));
            var encoded = ImageEncoder.Encode(hair.Image, OutputFormat.Png);
            async Task<AlphaMatte> MaskAsync(QualityMode mode) => GroundTruthMatte.FromMaskFile(
                (await remover.RemoveAsync(encoded, new CutoutOptions { Mode = mode, Output = new OutputOptions { MaskOnly = true } })).Encoded).Alpha;

            rows.Add(new Row(photo,
                Score(Resampling.ResizeBilinear(hair.ModelAlpha, width, height)),
                Score(MatteRefiner.Refine(hair.Image, hair.ModelAlpha, QualityMode.Max, RefinementOptions.Default).Alpha),
                Score(Resampling.ResizeBilinear(segmenter.Predict(hair.Image), width, height)),
                Score(await MaskAsync(QualityMode.Max)),
                Score(await MaskAsync(QualityMode.Eco))));
        }
        return rows;
    }
}
