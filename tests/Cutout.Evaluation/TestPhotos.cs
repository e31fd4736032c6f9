namespace Cutout.Evaluation;

/// <summary>
/// Where the developers' photo sets live. They come from public research datasets and are never copied
/// into this repository: the folder named by <c>$CUTOUT_TESTDATA</c>, else <c>../shared/testdata</c> beside
/// the checkout, holds <c>real/</c>, <c>soft/</c>, <c>objects/</c> and <c>formats/</c> (each with a README
/// giving sources and licences). The one locator for the tests, the bench and the calibration.
/// </summary>
public static class TestPhotos
{
    public const string EnvironmentVariable = "CUTOUT_TESTDATA";

    private static readonly Lazy<(string? Root, string? Missing)> Located = new(Locate);

    /// <summary>The checkout's root folder (the one holding Cutout.sln), found above the running binaries.</summary>
    public static string RepositoryRoot { get; } = FindRepositoryRoot();

    /// <summary>True when the photo sets can be read.</summary>
    public static bool Available => Located.Value.Root is not null;

    /// <summary>Why the photo sets cannot be read, or null when they can: the reason a skipped test names.</summary>
    public static string? MissingReason => Located.Value.Missing;

    /// <summary>The folder holding the photo sets; throws with <see cref="MissingReason"/> when there is none.</summary>
    public static string Root => Located.Value.Root ?? throw new DirectoryNotFoundException(MissingReason);

    /// <summary>The binary-truth dev set: 20 photos with human-annotated masks.</summary>
    public static string Real(string fileName) => Path.Combine(Root, "real", fileName);

    /// <summary>Photos with measured soft alpha mattes (hair, fur, mesh, plants).</summary>
    public static string Soft(string fileName) => Path.Combine(Root, "soft", fileName);

    /// <summary>Objects with thin parts (binary truth).</summary>
    public static string Objects(string fileName) => Path.Combine(Root, "objects", fileName);

    /// <summary>One photo in odd encodings (CMYK, 16-bit, palette, grey, BMP, GIF).</summary>
    public static string Format(string fileName) => Path.Combine(Root, "formats", fileName);

    /// <summary>The folder of one photo set (<c>real</c>, <c>soft</c>, <c>objects</c> or <c>formats</c>).</summary>
    public static string Set(string name) => Path.Combine(Root, name);

    private static (string? Root, string? Missing) Locate()
    {
        string? configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
        string candidate = !string.IsNullOrWhiteSpace(configured)
            ? Path.GetFullPath(configured)
            : Path.GetFullPath(Path.Combine(RepositoryRoot, "..", "shared", "testdata"));
        if (Directory.Exists(Path.Combine(candidate, "real")))
            return (candidate, null);
        string source = string.IsNullOrWhiteSpace(configured) ? "../shared/testdata beside the checkout" : $"${EnvironmentVariable}";
        return (null, $"the developers' test photos are not at {candidate} ({source}); set {EnvironmentVariable} to a copy of shared/testdata");
    }

    private static string FindRepositoryRoot()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "Cutout.sln")))
                    return dir.FullName;
        throw new DirectoryNotFoundException("Cutout.sln not found above " + AppContext.BaseDirectory);
    }
}
