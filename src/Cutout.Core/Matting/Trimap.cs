using Cutout.Advanced;

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
    // Softness looks at the clearly mixed pixels only (alpha 0.25..0.75): the model's faint haze
    // (0.02..0.25) around crisp edges is not transparency (0.1 and 0.2 measured worse).
    public const float MixedLow = 0.25f, MixedHigh = 0.75f;
    // Softness is the share of mixed pixels within this many model pixels: a crisp edge's ramp (the
    // model's own 2–6 px of blur) fills a small share, a wide soft region (translucent material,
    // thick hair or fur) most of it. 3 and 5 measured worse on the developer set.
    private const float SoftnessRadiusInModelPixels = 8f;
    // A window at least this full of mixed pixels is a soft core (0.7: −21.6% band error on the
    // developer set, 0.8: −22.3%, 0.9: −23.1%; without soft cores −25.2% but translucent parts turn opaque).
    private const float SoftShare = 0.9f;

    private Trimap(int width, int height, byte[] labels, float[] softness)
    {
        Width = width;
        Height = height;
        Labels = labels;
        Softness = softness;
    }

    public int Width { get; }
    public int Height { get; }
    public byte[] Labels { get; }

    /// <summary>
    /// 0 along edges the model drew crisply (or far from any mixed pixel), rising to 1 where the window
    /// around the pixel is filled with mixed alpha, i.e. the model sees real partial transparency.
    /// </summary>
    public float[] Softness { get; }

    /// <summary>
    /// Unknown = every pixel within <paramref name="bandRadius"/> of a pixel where the model is unsure
    /// (soft alpha) or where its alpha crosses 0.5. Soft regions such as hair are unsure over their
    /// whole width, so the band grows exactly where the model hesitates; crisp edges get the base width.
    /// <paramref name="edgeSoftness"/> (see <see cref="RefinementOptions.EdgeSoftness"/>) is the least
    /// softness of every unknown pixel.
    /// </summary>
    public static Trimap FromAlpha(AlphaMatte alpha, int bandRadius, float modelPixel, float edgeSoftness = 0f)
    {
        int w = alpha.Width, h = alpha.Height;
        var a = alpha.Values;
        var unsure = new float[w * h];
        Parallel.For(0, h, y =>
        {
            for (int x = 0, i = y * w; x < w; x++, i++)
            {
                bool soft = a[i] > SureBackground && a[i] < SureForeground;
                bool inside = a[i] >= 0.5f;
                bool crosses = (x > 0 && inside != a[i - 1] >= 0.5f) || (x + 1 < w && inside != a[i + 1] >= 0.5f)
                    || (y > 0 && inside != a[i - w] >= 0.5f) || (y + 1 < h && inside != a[i + w] >= 0.5f);
                unsure[i] = soft || crosses ? 1f : 0f;
            }
        });

        var softness = MeasureSoftness(alpha, modelPixel);

        BoxFilter.DilateInPlace(unsure, w, h, bandRadius);
        var labels = new byte[w * h];
        Parallel.For(0, h, y =>
        {
            for (int i = y * w, end = i + w; i < end; i++)
            {
                labels[i] = unsure[i] > 0f ? Unknown : a[i] >= 0.5f ? Foreground : Background;
                if (labels[i] == Unknown)
                    softness[i] = Math.Max(softness[i], edgeSoftness);
            }
        });
        return new Trimap(w, h, labels, softness);
    }

    private static float[] MeasureSoftness(AlphaMatte alpha, float modelPixel)
    {
        int w = alpha.Width, h = alpha.Height;
        var a = alpha.Values;
        int radius = Math.Max(2, (int)MathF.Round(SoftnessRadiusInModelPixels * modelPixel));
        var share = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
            share[i] = a[i] > MixedLow && a[i] < MixedHigh ? 1f : 0f;
        BoxFilter.MeanInPlace(share, w, h, radius);

        // Soft cores (windows mostly mixed) spread their softness over one window, so the rim of a
        // translucent region is as soft as its middle; the box mean then fades it out smoothly.
        var softness = new float[a.Length];
        for (int i = 0; i < a.Length; i++)
            softness[i] = share[i] >= SoftShare ? 1f : 0f;
        BoxFilter.DilateInPlace(softness, w, h, radius);
        BoxFilter.MeanInPlace(softness, w, h, radius);
        return softness;
    }
}
