namespace Cutout.Server.Tests;

/// <summary>The repository's dev-set photos (tests/data/real, see its README for sources and licences).</summary>
internal static class TestData
{
    private static readonly string RealDirectory = FindRealDirectory();

    public static byte[] Photo(string fileName) => File.ReadAllBytes(Path.Combine(RealDirectory, fileName));

    /// <summary>The photo as a <c>data:</c> URL, the way a client without a public image host sends it.</summary>
    public static string DataUrl(string fileName)
    {
        var mime = fileName.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
        return $"data:{mime};base64,{Convert.ToBase64String(Photo(fileName))}";
    }

    private static string FindRealDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "data", "real");
            if (Directory.Exists(candidate))
                return candidate;
        }
        throw new DirectoryNotFoundException("tests/data/real not found above " + AppContext.BaseDirectory);
    }
}
