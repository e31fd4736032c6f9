namespace Cutout.Imaging;

/// <summary>
/// The largest image the pipeline will produce, one cap for every host (CLI flags, chat requests, presets):
/// beyond it a layout would cost gigabytes and many seconds for pixels no one can use, or overflow.
/// Sizes are checked as doubles before any canvas is allocated or any size is cast to an int.
/// </summary>
public static class OutputLimits
{
    /// <summary>Longest allowed side of an output image, in pixels.</summary>
    public const int MaxSide = 8192;

    /// <summary>40 MP: an 8192-px square would be 67 MP, so long thin and large square outputs are capped separately.</summary>
    public const long MaxPixels = 40_000_000;

    /// <summary>Whether an output of this size (pixels, possibly fractional or not finite) is within the cap.</summary>
    public static bool Allows(double width, double height) =>
        double.IsFinite(width) && double.IsFinite(height)
        && width <= MaxSide && height <= MaxSide && width * height <= MaxPixels;

    /// <summary>Refuses an output size over the cap.</summary>
    /// <param name="width">Output width in pixels.</param>
    /// <param name="height">Output height in pixels.</param>
    /// <param name="cause">What asked for the size, at the start of the message ("The canvas").</param>
    /// <exception cref="CutoutException"><see cref="CutoutErrorKind.InvalidOption"/> when the size is over the cap or not finite.</exception>
    public static void Check(double width, double height, string cause)
    {
        if (!Allows(width, height))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"{cause} would make a {Describe(width)}x{Describe(height)} px image; "
                + $"the output is limited to {MaxSide} px per side and {MaxPixels / 1_000_000} MP");
    }

    private static string Describe(double side) => double.IsFinite(side) && side < 1e9 ? Math.Ceiling(side).ToString("0", System.Globalization.CultureInfo.InvariantCulture) : "unbounded";
}
