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

    /// <summary>What was put behind the subject, in words (e.g. "scene: beach-sunset (…)"), so callers can say it honestly.</summary>
    public string Background { get; init; } = "transparent";

    /// <summary>The preset's rules checked on the encoded output; null when no preset was used.</summary>
    public Presets.PresetReport? Compliance { get; init; }

    /// <summary>How much of the photo is subject and how sure the model was of it.</summary>
    public Matting.SubjectPresence Subject { get; init; }

    /// <summary>The subject's box in the output image; empty when no subject was found.</summary>
    public Compositing.PixelRect SubjectBox { get; init; }

    /// <summary>How sure the model was of the subject, 0..1 (see <see cref="Matting.SubjectPresence.Confidence"/>).</summary>
    public double Confidence => Subject.Confidence;
}
