using Cutout.Advanced;
using Cutout.Evaluation;

namespace Cutout.Core.Tests.Evaluation;

/// <summary>
/// One developer photo with its ground truth and the ISNet fp16 alphas recorded for it: <paramref name="ModelAlpha"/>
/// is the raw model's (the photo squashed to the model's square), <paramref name="MaxModelAlpha"/> what max mode
/// refines (the same, or its letterboxed second look where that is surer; see <c>SecondLook</c>).
/// </summary>
public sealed record DevelopmentPhoto(string Name, RgbaImage Image, GroundTruthMatte Truth, AlphaMatte ModelAlpha, AlphaMatte MaxModelAlpha);

/// <summary>
/// The developers' photo sets with ground truth (shared/testdata) and the raw model alpha recorded for each
/// photo (tests/data/coarse*, grey PNGs written by `bench record`), so edge quality is tested
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
            var modelAlpha = RecordedModelAlpha.Raw(coarseDirectory, photo.Name);
            return new DevelopmentPhoto(photo.Name, photo.Image, photo.Truth, modelAlpha, RecordedModelAlpha.ForMax(coarseDirectory, photo.Name, modelAlpha));
        }).ToList();
    }
}
