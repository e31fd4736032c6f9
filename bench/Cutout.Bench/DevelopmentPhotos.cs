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
}
