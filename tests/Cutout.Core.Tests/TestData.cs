using Cutout.Evaluation;
using Cutout.Tests;

namespace Cutout.Core.Tests;

/// <summary>Paths of the photos and fixtures the Core tests read.</summary>
internal static class TestData
{
    /// <summary>tests/data: fixtures this project recorded itself.</summary>
    public static string Fixtures => RepositoryTestData.Directory;

    public static string Format(string name) => TestPhotos.Format(name);

    public static string Real(string name) => TestPhotos.Real(name);

    /// <summary>The 20 dev-set photos: (name, photo path, ground-truth alpha path).</summary>
    public static IReadOnlyList<(string Name, string Photo, string Truth)> RealPairs =>
        PhotoSet.Real.Names.Select(name => (name, PhotoSet.Real.PhotoPath(name), PhotoSet.Real.TruthPath(name))).ToList();
}
