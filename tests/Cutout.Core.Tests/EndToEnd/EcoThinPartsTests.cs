using Cutout.Tests;
using Cutout.Core.Tests.Evaluation;
using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Core.Tests.EndToEnd;

/// <summary>
/// Eco keeps the thin parts of objects: its 8-bit network, run end to end, against the raw float model alpha
/// (recorded in tests/data/coarse-objects, stretched to the photo) on the 15 objects with thin parts. At 896 px
/// and calibrated on 20 dev photos it dropped whole parts of unseen objects.
/// </summary>
[Collection(ModelCollection.Name)]
public sealed class EcoThinPartsTests(ModelFixture model)
{
    [PhotoFact]
    public async Task Eco_keeps_the_thin_parts_of_objects_that_the_float_model_finds()
    {
        var scores = new List<(string Name, double Raw, double Eco)>();
        foreach (var photo in DevelopmentSet.Objects)
        {
            var raw = MatteMetrics.IntersectionOverUnion(Resampling.ResizeBilinear(photo.ModelAlpha, photo.Image.Width, photo.Image.Height), photo.Truth);
            var result = await model.Remover.RemoveFileAsync(PhotoSet.Objects.PhotoPath(photo.Name), new CutoutOptions { Mode = QualityMode.Eco, Output = new OutputOptions { MaskOnly = true } });
            scores.Add((photo.Name, raw, MatteMetrics.IntersectionOverUnion(GroundTruthMatte.FromMaskFile(result.Encoded).Alpha, photo.Truth)));
        }

        // Measured: raw 0.9446, eco at 960 px 0.9410, the tripod losing most (0.826 → 0.806); at 1024 px 0.9438
        // (896 px and a 20-photo calibration: 0.9199).
        string description = string.Join(", ", scores.Select(s => $"{s.Name} {s.Raw:F3}→{s.Eco:F3}"));
        double rawMean = scores.Average(s => s.Raw), ecoMean = scores.Average(s => s.Eco);
        Assert.True(ecoMean >= rawMean - 0.01, $"IoU raw {rawMean:F4}, eco {ecoMean:F4}: {description}");
        Assert.All(scores, s => Assert.True(s.Eco >= s.Raw - 0.05, $"{s.Name} lost a part: {description}"));
    }
}
