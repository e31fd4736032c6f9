using Cutout.Tests;

namespace Cutout.Core.Tests;

/// <summary>Paths of the files under the repository's tests/data folder.</summary>
internal static class TestData
{
    public static string Root => RepositoryTestData.Directory;

    public static string Format(string name) => Path.Combine(Root, "formats", name);

    public static string Real(string name) => RepositoryTestData.Real(name);

    /// <summary>The 20 dev-set photos: (name, photo path, ground-truth alpha path).</summary>
    public static IReadOnlyList<(string Name, string Photo, string Truth)> RealPairs { get; } =
        Directory.GetFiles(Path.Combine(Root, "real"), "*.alpha.png")
            .Order(StringComparer.Ordinal)
            .Select(truth =>
            {
                string name = Path.GetFileName(truth)[..^".alpha.png".Length];
                string photo = File.Exists(Real(name + ".jpg")) ? Real(name + ".jpg") : Real(name + ".png");
                return (name, photo, truth);
            })
            .ToList();
}
