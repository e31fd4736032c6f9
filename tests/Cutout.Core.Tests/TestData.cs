namespace Cutout.Core.Tests;

/// <summary>Paths of the files under the repository's tests/data folder.</summary>
internal static class TestData
{
    public static string Root { get; } = FindRoot();

    public static string Format(string name) => Path.Combine(Root, "formats", name);

    public static string Real(string name) => Path.Combine(Root, "real", name);

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

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cutout.sln")))
                return Path.Combine(dir.FullName, "tests", "data");
        throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
    }
}
