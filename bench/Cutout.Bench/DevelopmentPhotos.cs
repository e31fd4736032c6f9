using Cutout.Evaluation;
using Cutout.Imaging;

namespace Cutout.Bench;

/// <summary>The photos of a data folder laid out like tests/data/real: NAME.jpg or NAME.png beside NAME.alpha.png.</summary>
public static class DevelopmentPhotos
{
    /// <summary>Every photo (not ground truth) in the folder, in name order.</summary>
    public static List<string> All(string dataDir) => Directory.GetFiles(dataDir)
        .Where(f => OutputOptions.FormatFromExtension(f) is not null && !f.EndsWith(".alpha.png", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The photo called <paramref name="name"/>, whichever format it is stored in.</summary>
    public static string Named(string dataDir, string name) =>
        new[] { ".jpg", ".png" }.Select(ext => Path.Combine(dataDir, name + ext)).First(File.Exists);

    /// <summary>The ground truth of the photo called <paramref name="name"/>.</summary>
    private static GroundTruthMatte TruthOf(string dataDir, string name) =>
        GroundTruthMatte.FromMaskFile(File.ReadAllBytes(Path.Combine(dataDir, name + ".alpha.png")));

    /// <summary>Every photo that has a ground truth, in name order, read and decoded.</summary>
    public static IEnumerable<PhotoWithTruth> WithTruth(string dataDir) =>
        Directory.GetFiles(dataDir, "*.alpha.png").Order(StringComparer.Ordinal)
            .Select(truthPath => Load(dataDir, Path.GetFileName(truthPath)[..^".alpha.png".Length]));

    /// <summary>The photo called <paramref name="name"/> and its ground truth, read and decoded.</summary>
    public static PhotoWithTruth Load(string dataDir, string name)
    {
        byte[] encoded = File.ReadAllBytes(Named(dataDir, name));
        return new PhotoWithTruth(name, encoded, ImageDecoder.Decode(encoded).Image, TruthOf(dataDir, name));
    }
}

/// <summary>A developer photo as stored (encoded), decoded, and its ground truth.</summary>
public sealed record PhotoWithTruth(string Name, byte[] Encoded, RgbaImage Image, GroundTruthMatte Truth);
