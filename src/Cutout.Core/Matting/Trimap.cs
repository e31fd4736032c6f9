namespace Cutout.Matting;

/// <summary>
/// Which pixels are surely foreground, surely background, or unknown (to be solved by matting).
/// Values per pixel: <see cref="Background"/>, <see cref="Foreground"/> or <see cref="Unknown"/>.
/// </summary>
internal sealed class Trimap
{
    public const byte Background = 0;
    public const byte Unknown = 128;
    public const byte Foreground = 255;

    // Alpha outside [SureBackground, SureForeground] counts as the model being unsure.
    private const float SureBackground = 0.02f;
    private const float SureForeground = 0.98f;

    private Trimap(int width, int height, byte[] labels)
    {
        Width = width;
        Height = height;
        Labels = labels;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Labels { get; }

    /// <summary>
    /// Unknown = every pixel within <paramref name="bandRadius"/> of a pixel where the model is unsure
    /// (soft alpha) or where its alpha crosses 0.5. Soft regions such as hair are unsure over their
    /// whole width, so the band grows exactly where the model hesitates; crisp edges get the base width.
    /// </summary>
    public static Trimap FromAlpha(AlphaMatte alpha, int bandRadius)
    {
        int w = alpha.Width, h = alpha.Height;
        var a = alpha.Values;
        var unsure = new float[w * h];
        Parallel.For(0, h, y =>
        {
            for (int x = 0, i = y * w; x < w; x++, i++)
            {
                bool soft = a[i] > SureBackground && a[i] < SureForeground;
                bool crossesRight = x + 1 < w && (a[i] >= 0.5f) != (a[i + 1] >= 0.5f);
                bool crossesDown = y + 1 < h && (a[i] >= 0.5f) != (a[i + w] >= 0.5f);
                unsure[i] = soft || crossesRight || crossesDown ? 1f : 0f;
            }
        });

        // A box mean above zero means an unsure pixel lies in the window: a square dilation in O(1) per pixel.
        BoxFilter.MeanInPlace(unsure, w, h, bandRadius);
        float anyInWindow = 0.5f / ((2 * bandRadius + 1) * (2 * bandRadius + 1));
        var labels = new byte[w * h];
        Parallel.For(0, h, y =>
        {
            for (int i = y * w, end = i + w; i < end; i++)
                labels[i] = unsure[i] > anyInWindow ? Unknown : a[i] >= 0.5f ? Foreground : Background;
        });
        return new Trimap(w, h, labels);
    }
}
