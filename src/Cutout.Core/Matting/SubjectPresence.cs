using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>
/// Whether a matte holds a subject at all, and how sure the model was of it, read off the final alpha.
/// remove.bg and Photoroom answer "foreground not found" for a photo of a wall; so do we, instead of
/// returning a fully transparent image as if it were a cutout.
/// </summary>
/// <param name="Coverage">Share of the frame that is subject (alpha ≥ 0.5), 0..1.</param>
/// <param name="Confidence">
/// Share of everything the model marked at all (alpha ≥ 0.1) that it marked decisively (alpha ≥ 0.9), 0..1:
/// near 1 for a crisp subject, low when the matte is a faint, hesitant haze. 0 when nothing was marked.
/// </param>
public readonly record struct SubjectPresence(double Coverage, double Confidence)
{
    /// <summary>
    /// Below this share of the frame (0.1%, a 32x32 patch of a 1 MP photo) the result is taken as empty:
    /// a subject that small cannot be a photo's point, and what the model leaves on a flat wall is specks.
    /// </summary>
    public const double MinimumCoverage = 0.001;

    /// <summary>True when the matte holds no subject worth a cutout.</summary>
    public bool IsEmpty => Coverage < MinimumCoverage;

    /// <summary>Reads coverage and confidence off a final alpha matte.</summary>
    public static SubjectPresence Measure(AlphaMatte alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        long marked = 0, subject = 0, decisive = 0;
        foreach (float a in alpha.Values)
        {
            if (a < 0.1f)
                continue;
            marked++;
            if (a >= 0.5f)
                subject++;
            if (a >= 0.9f)
                decisive++;
        }
        return new SubjectPresence(
            (double)subject / alpha.Values.Length,
            marked == 0 ? 0 : (double)decisive / marked);
    }
}
