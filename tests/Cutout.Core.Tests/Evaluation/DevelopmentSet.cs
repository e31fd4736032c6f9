using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>One developer photo with its ground truth and the ISNet fp16 alpha recorded for it.</summary>
public sealed record DevelopmentPhoto(string Name, RgbaImage Image, GroundTruthMatte Truth, AlphaMatte ModelAlpha);

/// <summary>
/// The 20 real photos with ground truth (tests/data/real) and the raw model alpha recorded for each
/// (tests/data/coarse, 1024x1024 grey PNG), so edge quality is tested without running the model.
/// </summary>
public static class DevelopmentSet
{
    private static readonly Lazy<IReadOnlyList<DevelopmentPhoto>> Photos = new(Load);

    public static IReadOnlyList<DevelopmentPhoto> All => Photos.Value;

    private static IReadOnlyList<DevelopmentPhoto> Load()
    {
        var coarseDirectory = Path.Combine(TestData.Root, "coarse");
        return Directory.GetFiles(coarseDirectory, "*.png").Order(StringComparer.Ordinal).Select(coarsePath =>
        {
            string name = Path.GetFileNameWithoutExtension(coarsePath);
            string photoPath = new[] { ".jpg", ".png" }.Select(ext => TestData.Real(name + ext)).First(File.Exists);
            var image = ImageDecoder.Decode(File.ReadAllBytes(photoPath)).Image;
            var truth = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(TestData.Real(name + ".alpha.png")));
            var modelAlpha = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(coarsePath)).Alpha;
            return new DevelopmentPhoto(name, image, truth, modelAlpha);
        }).ToList();
    }
}
