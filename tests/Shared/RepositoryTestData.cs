namespace Cutout.Tests;

/// <summary>
/// The checkout's tests/data folder (photos, ground truth and fixtures; see its READMEs), found by walking up
/// from the test binaries to the folder holding Cutout.sln. Linked into every test project.
/// </summary>
internal static class RepositoryTestData
{
    public static string Directory { get; } = Find();

    /// <summary>A file of the dev set in tests/data/real.</summary>
    public static string Real(string name) => Path.Combine(Directory, "real", name);

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Cutout.sln")))
                return Path.Combine(dir.FullName, "tests", "data");
        throw new DirectoryNotFoundException("tests/data not found above " + AppContext.BaseDirectory);
    }
}
