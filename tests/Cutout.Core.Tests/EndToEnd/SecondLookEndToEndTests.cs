using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Core.Tests.Evaluation;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Segmentation;

namespace Cutout.Core.Tests.EndToEnd;

/// <summary>
/// Max's second look, through the whole pipeline: a close-up whose squashed model input leaves much of the
/// subject weakly foreground is run again letterboxed, and the surer alpha is cut out.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class SecondLookEndToEndTests(ModelFixture model)
{
    [PhotoFact]
    public async Task Max_cuts_out_the_whole_plush_toy_that_the_squashed_input_half_loses()
    {
        // am-gt17: the raw model alpha marks 29% of the photo foreground where the truth has 44%.
        var photo = DevelopmentSet.Soft.Single(p => p.Name == "am-gt17");
        double raw = MatteMetrics.SumOfAbsoluteDifferences(Resampling.ResizeBilinear(photo.ModelAlpha, photo.Image.Width, photo.Image.Height), photo.Truth);
        var result = await model.Remover.RemoveFileAsync(PhotoSet.Soft.PhotoPath(photo.Name), new CutoutOptions { Output = new OutputOptions { MaskOnly = true } });
        double max = MatteMetrics.SumOfAbsoluteDifferences(GroundTruthMatte.FromMaskFile(result.Encoded).Alpha, photo.Truth);
        // Measured: SAD 63.2 → 6.1 thousand (the letterboxed alpha alone: 6.8).
        Assert.True(max <= 0.25 * raw, $"SAD raw {raw:F1}, max {max:F1}");
    }

    [PhotoFact]
    public async Task A_confident_photo_is_cut_out_from_the_squashed_pass_alone()
    {
        // ccp-0010 leaves 0.8% of its pixels weakly foreground: max refines the raw alpha as it is.
        var photo = DevelopmentSet.All.Single(p => p.Name == "ccp-0010");
        Assert.False(SecondLook.IsUnsure(photo.ModelAlpha));
        var result = await model.Remover.RemoveFileAsync(PhotoSet.Real.PhotoPath(photo.Name), new CutoutOptions { Output = new OutputOptions { MaskOnly = true } });
        var expected = MatteRefiner.Refine(photo.Image, photo.ModelAlpha, QualityMode.Max, RefinementOptions.Default).Alpha;
        double agreement = MatteMetrics.IntersectionOverUnion(GroundTruthMatte.FromMaskFile(result.Encoded).Alpha, new GroundTruthMatte(expected));
        Assert.True(agreement >= 0.999, $"IoU between the cutout and the refined recorded alpha: {agreement:F4}");
    }
}
