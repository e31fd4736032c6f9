using Cutout.Evaluation;

namespace Cutout.Tests;

/// <summary>
/// The files tests read: the developers' photo sets through <see cref="TestPhotos"/> (shared/testdata, never
/// copied here) and the repository's own fixtures under tests/data (model outputs recorded by this project).
/// Linked into every test project.
/// </summary>
internal static class RepositoryTestData
{
    /// <summary>tests/data: fixtures this project made itself (recorded model alphas).</summary>
    public static string Directory => Path.Combine(TestPhotos.RepositoryRoot, "tests", "data");

    /// <summary>A file of the binary-truth dev set (shared/testdata/real).</summary>
    public static string Real(string name) => TestPhotos.Real(name);
}

/// <summary>A fact that reads the developers' photos: skipped, naming the reason, where they are missing.</summary>
internal sealed class PhotoFactAttribute : FactAttribute
{
    public PhotoFactAttribute()
    {
        if (!TestPhotos.Available)
            Skip = TestPhotos.MissingReason;
    }
}

/// <summary>A theory that reads the developers' photos: skipped, naming the reason, where they are missing.</summary>
internal sealed class PhotoTheoryAttribute : TheoryAttribute
{
    public PhotoTheoryAttribute()
    {
        if (!TestPhotos.Available)
            Skip = TestPhotos.MissingReason;
    }
}
