using Cutout.Evaluation;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>One developer photo with its ground truth and the ISNet fp16 alpha recorded for it.</summary>
public sealed record DevelopmentPhoto(string Name, RgbaImage Image, GroundTruthMatte Truth, AlphaMatte ModelAlpha);

/// <summary>
/// The 20 real photos with ground truth (shared/testdata/real) and the raw model alpha recorded for each
/// (tests/data/coarse, 1024x1024 grey PNG), so edge quality is tested without running the model.
/// </summary>
public static class DevelopmentSet
{
    private static readonly Lazy<IReadOnlyList<DevelopmentPhoto>> Photos = new(Load);

    public static IReadOnlyList<DevelopmentPhoto> All => Photos.Value;

    private static IReadOnlyList<DevelopmentPhoto> Load()
    {
        var coarseDirectory = Path.Combine(TestData.Fixtures, "coarse");
        return Directory.GetFiles(coarseDirectory, "*.png").Order(StringComparer.Ordinal).Select(coarsePath =>
        {
            var photo = PhotoSet.Real.Load(Path.GetFileNameWithoutExtension(coarsePath));
            var modelAlpha = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(coarsePath)).Alpha;
            return new DevelopmentPhoto(photo.Name, photo.Image, photo.Truth, modelAlpha);
        }).ToList();
    }
}
