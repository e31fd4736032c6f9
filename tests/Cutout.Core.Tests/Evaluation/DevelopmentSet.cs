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

    /// <summary>tests/data, found by walking up from the test binaries to the folder holding Cutout.sln.</summary>
    public static string DataDirectory
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cutout.sln")))
                    return Path.Combine(dir.FullName, "tests", "data");
            throw new DirectoryNotFoundException("Cutout.sln not found above " + AppContext.BaseDirectory);
        }
    }

    private static IReadOnlyList<DevelopmentPhoto> Load()
    {
        var coarseDirectory = Path.Combine(DataDirectory, "coarse");
        var photoDirectory = PhotoDirectory();
        return Directory.GetFiles(coarseDirectory, "*.png").Order(StringComparer.Ordinal).Select(coarsePath =>
        {
            string name = Path.GetFileNameWithoutExtension(coarsePath);
            string photoPath = new[] { ".jpg", ".png" }.Select(ext => Path.Combine(photoDirectory, name + ext)).First(File.Exists);
            var image = ImageDecoder.Decode(File.ReadAllBytes(photoPath)).Image;
            var truth = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(Path.Combine(photoDirectory, name + ".alpha.png")));
            var modelAlpha = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(coarsePath)).Alpha;
            return new DevelopmentPhoto(name, image, truth, modelAlpha);
        }).ToList();
    }

    // The photos move into tests/data/real; until that copy lands the shared checkout's set is used.
    private static string PhotoDirectory()
    {
        var inRepository = Path.Combine(DataDirectory, "real");
        return Directory.Exists(inRepository) ? inRepository : "/work/shared/testdata/real";
    }
}
