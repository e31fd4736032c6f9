using Cutout.Advanced;
using Cutout.Imaging;

namespace Cutout.Evaluation;

/// <summary>
/// A folder of photos with ground truth laid out as in shared/testdata: NAME.jpg or NAME.png beside
/// NAME.alpha.png. The one loader of the developers' sets for the tests, the bench and the calibration.
/// </summary>
public sealed class PhotoSet(string directory)
{
    /// <summary>The binary-truth dev set (shared/testdata/real).</summary>
    public static PhotoSet Real => new(TestPhotos.Set("real"));

    /// <summary>The soft-matte set (shared/testdata/soft).</summary>
    public static PhotoSet Soft => new(TestPhotos.Set("soft"));

    /// <summary>Objects with thin parts (shared/testdata/objects).</summary>
    public static PhotoSet Objects => new(TestPhotos.Set("objects"));

    public string Directory { get; } = directory;

    /// <summary>The names (no extension) of every photo that has a ground truth, in name order.</summary>
    public IReadOnlyList<string> Names => System.IO.Directory.GetFiles(Directory, "*.alpha.png")
        .Select(path => Path.GetFileName(path)[..^".alpha.png".Length])
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Every photo (not ground truth) in the folder, in name order.</summary>
    public IReadOnlyList<string> PhotoPaths => System.IO.Directory.GetFiles(Directory)
        .Where(f => OutputOptions.FormatFromExtension(f) is not null && !f.EndsWith(".alpha.png", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>The photo called <paramref name="name"/>, whichever format it is stored in.</summary>
    public string PhotoPath(string name) =>
        new[] { ".jpg", ".png" }.Select(ext => Path.Combine(Directory, name + ext)).FirstOrDefault(File.Exists)
        ?? throw new FileNotFoundException($"No photo called {name} in {Directory}.");

    /// <summary>The ground-truth file of the photo called <paramref name="name"/>.</summary>
    public string TruthPath(string name) => Path.Combine(Directory, name + ".alpha.png");

    /// <summary>The photo called <paramref name="name"/> and its ground truth, read and decoded.</summary>
    public PhotoWithTruth Load(string name)
    {
        byte[] encoded = File.ReadAllBytes(PhotoPath(name));
        var truth = GroundTruthMatte.FromMaskFile(File.ReadAllBytes(TruthPath(name)));
        return new PhotoWithTruth(name, encoded, ImageDecoder.Decode(encoded).Image, truth);
    }

    /// <summary>Every photo that has a ground truth, read and decoded one at a time, in name order.</summary>
    public IEnumerable<PhotoWithTruth> LoadAll() => Names.Select(Load);
}

/// <summary>A developer photo as stored (encoded), decoded, and its ground truth.</summary>
public sealed record PhotoWithTruth(string Name, byte[] Encoded, RgbaImage Image, GroundTruthMatte Truth);
