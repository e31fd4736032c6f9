using Cutout.Imaging;

namespace Cutout.Matting;

/// <summary>Turns the model's low-resolution alpha into a full-resolution matte and foreground.</summary>
public static class MatteRefiner
{
    public static RefinedMatte Refine(RgbaImage image, AlphaMatte coarse, QualityMode mode, RefinementOptions options, CancellationToken cancellationToken = default)
    {
        var alpha = Resampling.ResizeBilinear(coarse, image.Width, image.Height);
        var foreground = image.Clone();
        var px = foreground.Pixels;
        var a = alpha.Values;
        for (int i = 0; i < a.Length; i++)
            px[i * 4 + 3] = (byte)(Math.Clamp(a[i], 0f, 1f) * 255f + 0.5f);
        return new RefinedMatte(alpha, foreground);
    }
}
