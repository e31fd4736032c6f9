using Cutout.Imaging;

namespace Cutout;

/// <summary>An encoded cutout and what a caller may want to report about it.</summary>
public sealed record CutoutResult(
    byte[] Encoded,
    OutputFormat Format,
    int Width,
    int Height,
    string Model,
    StageTimings Timings)
{
    public string ContentType => OutputOptions.ContentType(Format);
}
