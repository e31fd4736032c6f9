using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>
/// Low-frequency layers (a lens blur, a soft cast shadow) do not need every pixel of a 12 MP photo: they are worked
/// out on a copy reduced by an integer factor and scaled back when placed, which costs factor² less.
/// </summary>
internal static class ReducedResolution
{
    public static SKMatrix Scale(int factor) => SKMatrix.CreateScale(1f / factor, 1f / factor);

    /// <summary>The photo reduced by <paramref name="factor"/> (mipmapped, so no aliasing).</summary>
    public static RgbaImage Photo(RgbaImage image, int factor) =>
        factor <= 1 ? image : SkiaPixels.Transform(image, Scale(factor), Reduced(image.Width, factor), Reduced(image.Height, factor));

    /// <summary>Each reduced pixel takes the largest alpha of its block, so a thin subject part still marks its block as subject.</summary>
    public static AlphaMatte AlphaBlockMax(AlphaMatte alpha, int factor)
    {
        if (factor <= 1)
            return alpha;
        int w = Reduced(alpha.Width, factor), h = Reduced(alpha.Height, factor);
        var reduced = new AlphaMatte(w, h);
        Parallel.For(0, h, y =>
        {
            var target = reduced.Row(y);
            for (int sy = y * factor; sy < Math.Min(alpha.Height, (y + 1) * factor); sy++)
            {
                var source = alpha.Row(sy);
                for (int sx = 0; sx < alpha.Width; sx++)
                    target[sx / factor] = Math.Max(target[sx / factor], source[sx]);
            }
        });
        return reduced;
    }

    public static int Reduced(int size, int factor) => Math.Max(1, (size + factor - 1) / factor);
}
