using Cutout.Tests;

namespace Cutout.Server.Tests;

/// <summary>The repository's dev-set photos (tests/data/real, see its README for sources and licences).</summary>
internal static class TestData
{
    public static byte[] Photo(string fileName) => File.ReadAllBytes(RepositoryTestData.Real(fileName));

    /// <summary>The photo as a <c>data:</c> URL, the way a client without a public image host sends it.</summary>
    public static string DataUrl(string fileName)
    {
        var mime = fileName.EndsWith(".png", StringComparison.Ordinal) ? "image/png" : "image/jpeg";
        return $"data:{mime};base64,{Convert.ToBase64String(Photo(fileName))}";
    }
}
