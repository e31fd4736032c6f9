using Cutout.Imaging;

namespace Cutout;

/// <summary>An encoded cutout and what a caller may want to report about it.</summary>
/// <param name="Encoded">The output file's bytes, ready to write or send.</param>
/// <param name="Format">The format of <paramref name="Encoded"/>.</param>
/// <param name="Width">Output width in pixels (after any layout).</param>
/// <param name="Height">Output height in pixels (after any layout).</param>
/// <param name="Model">The label of the segmentation model that ran (e.g. <c>isnet-fp16</c>).</param>
/// <param name="Timings">Time spent in each stage; model loading is not counted.</param>
public sealed record CutoutResult(
    byte[] Encoded,
    OutputFormat Format,
    int Width,
    int Height,
    string Model,
    StageTimings Timings)
{
    /// <summary>The MIME type of <see cref="Format"/> (<c>image/png</c>, <c>image/webp</c>, <c>image/jpeg</c>).</summary>
    public string ContentType => OutputOptions.ContentType(Format);

    /// <summary>What was put behind the subject, in words (e.g. "scene: beach-sunset (…)"), so callers can say it honestly.</summary>
    public string Background { get; init; } = "transparent";

    /// <summary>The preset's rules checked on the encoded output; null when no preset was used.</summary>
    public Presets.PresetReport? Compliance { get; init; }

    /// <summary>How much of the photo is subject and how sure the model was of it.</summary>
    public Matting.SubjectPresence Subject { get; init; }

    /// <summary>The subject's box in the output image; empty when no subject was found.</summary>
    public Compositing.PixelRect SubjectBox { get; init; }

    /// <summary>Where the source photo lies on the output (see <see cref="Compositing.SourcePlacement"/>); null when not known (a result read back from a store).</summary>
    public Compositing.SourcePlacement? SourceOnCanvas { get; init; }

    /// <summary>What kind of subject the photo shows, as far as its evidence tells (see <see cref="Compositing.SubjectKind"/>).</summary>
    public Compositing.SubjectKind Kind { get; init; }

    /// <summary>How sure the model was of the subject, 0..1 (see <see cref="Matting.SubjectPresence.Confidence"/>).</summary>
    public double Confidence => Subject.Confidence;
}
