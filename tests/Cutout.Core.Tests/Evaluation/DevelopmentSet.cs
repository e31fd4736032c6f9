using Cutout.Advanced;
using Cutout.Evaluation;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>One developer photo with its ground truth and the ISNet fp16 alpha recorded for it.</summary>
public sealed record DevelopmentPhoto(string Name, RgbaImage Image, GroundTruthMatte Truth, AlphaMatte ModelAlpha);

/// <summary>
/// The developers' photo sets with ground truth (shared/testdata) and the raw model alpha recorded for each
/// photo (tests/data/coarse*, 1024x1024 grey PNG, written by `bench record`), so edge quality is tested
/// without running the model.
/// </summary>
public static class DevelopmentSet
{
    private static readonly Lazy<IReadOnlyList<DevelopmentPhoto>> RealPhotos = new(() => Load(PhotoSet.Real, "coarse"));
    private static readonly Lazy<IReadOnlyList<DevelopmentPhoto>> SoftPhotos = new(() => Load(PhotoSet.Soft, "coarse-soft"));
    private static readonly Lazy<IReadOnlyList<DevelopmentPhoto>> ObjectPhotos = new(() => Load(PhotoSet.Objects, "coarse-objects"));

    /// <summary>The 20 binary-truth dev photos (shared/testdata/real).</summary>
    public static IReadOnlyList<DevelopmentPhoto> All => RealPhotos.Value;

    /// <summary>The 16 measured soft mattes (shared/testdata/soft).</summary>
    public static IReadOnlyList<DevelopmentPhoto> Soft => SoftPhotos.Value;

    /// <summary>The 15 objects with thin parts (shared/testdata/objects).</summary>
    public static IReadOnlyList<DevelopmentPhoto> Objects => ObjectPhotos.Value;

    private static IReadOnlyList<DevelopmentPhoto> Load(PhotoSet set, string coarseFolder)
    {
        var coarseDirectory = Path.Combine(TestData.Fixtures, coarseFolder);
        return Directory.GetFiles(coarseDirectory, "*.png").Order(StringComparer.Ordinal).Select(coarsePath =>
        {
            var photo = set.Load(Path.GetFileNameWithoutExtension(coarsePath));
            var modelAlpha = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(coarsePath)).Alpha;
            return new DevelopmentPhoto(photo.Name, photo.Image, photo.Truth, modelAlpha);
        }).ToList();
    }
}
