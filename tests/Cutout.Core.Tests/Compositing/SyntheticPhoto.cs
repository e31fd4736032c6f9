using Cutout.Advanced;
using Cutout.Compositing;

namespace Cutout.Core.Tests.Compositing;

/// <summary>Small known photos for compositing tests: a subject with soft alpha edges on a background.</summary>
internal static class SyntheticPhoto
{
    /// <summary>
    /// A flat-coloured rectangle (soft 2 px alpha ramp at its edges) on a light background; optionally with a
    /// cast shadow (a soft dark ellipse on the floor at its base) and a busy checkerboard background.
    /// </summary>
    public static (RgbaImage Original, RefinedMatte Matte) Product(
        int width = 400, int height = 300, PixelRect? subject = null, RgbColor? subjectColor = null,
        RgbColor? background = null, bool castShadow = false, bool checkerboard = false)
    {
        var rect = subject ?? new PixelRect(150, 80, 100, 140);
        var fgColor = subjectColor ?? new RgbColor(40, 60, 90);
        var bgColor = background ?? new RgbColor(235, 235, 235);
        var alpha = new AlphaMatte(width, height);
        var foreground = new RgbaImage(width, height);
        var original = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float inside = Math.Min(Ramp(x - rect.X + 0.5f, rect.Right - x - 0.5f), Ramp(y - rect.Y + 0.5f, rect.Bottom - y - 0.5f));
                alpha[x, y] = inside;
                int o = (y * width + x) * 4;
                (foreground.Pixels[o], foreground.Pixels[o + 1], foreground.Pixels[o + 2], foreground.Pixels[o + 3]) =
                    (fgColor.R, fgColor.G, fgColor.B, (byte)(inside * 255 + 0.5f));

                float shade = 1f;
                if (castShadow)
                {
                    float dx = (x - rect.CenterX) / (rect.Width * 0.7f), dy = (y - rect.Bottom) / (rect.Height * 0.12f);
                    shade = 1f - 0.5f * MathF.Exp(-(dx * dx + dy * dy));
                }
                bool dark = checkerboard && ((x / 6 + y / 6) % 2 == 0);
                var bg = dark ? new RgbColor(30, 140, 30) : bgColor;
                for (int c = 0; c < 3; c++)
                {
                    byte b = c == 0 ? bg.R : c == 1 ? bg.G : bg.B;
                    byte f = c == 0 ? fgColor.R : c == 1 ? fgColor.G : fgColor.B;
                    original.Pixels[o + c] = (byte)(f * inside + b * shade * (1 - inside) + 0.5f);
                }
                original.Pixels[o + 3] = 255;
            }
        return (original, new RefinedMatte(alpha, foreground));
    }

    /// <summary>
    /// A person-like silhouette: a round head, a narrow neck and wide shoulders running to the bottom, the body
    /// shifted <paramref name="bodyShift"/> px sideways from under the head (a person turned or leaning).
    /// </summary>
    public static (RgbaImage Original, RefinedMatte Matte) Person(int width = 600, int height = 900, int bodyShift = 0)
    {
        var alpha = new AlphaMatte(width, height);
        float cx = width / 2f, headTop = 100, headRadius = 60, neckTop = headTop + 2 * headRadius - 10, shoulders = neckTop + 40;
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float dx = x + 0.5f - cx, dy = y + 0.5f - (headTop + headRadius);
                bool head = dx * dx + dy * dy <= headRadius * headRadius;
                bool neck = y >= neckTop && y < shoulders && MathF.Abs(dx) <= 28;
                bool body = y >= shoulders && MathF.Abs(dx - bodyShift) <= 200;
                alpha[x, y] = head || neck || body ? 1f : 0f;
            }
        var foreground = new RgbaImage(width, height);
        var original = new RgbaImage(width, height);
        for (int i = 0; i < alpha.Values.Length; i++)
        {
            byte a = (byte)(alpha.Values[i] * 255);
            (foreground.Pixels[i * 4], foreground.Pixels[i * 4 + 1], foreground.Pixels[i * 4 + 2], foreground.Pixels[i * 4 + 3]) = (200, 150, 120, a);
            (original.Pixels[i * 4], original.Pixels[i * 4 + 1], original.Pixels[i * 4 + 2], original.Pixels[i * 4 + 3]) =
                a > 0 ? ((byte)200, (byte)150, (byte)120, (byte)255) : ((byte)90, (byte)110, (byte)130, (byte)255);
        }
        return (original, new RefinedMatte(alpha, foreground));
    }

    /// <summary>0 outside, 1 two pixels inside an edge, linear between: a soft anti-aliased border.</summary>
    private static float Ramp(float fromStart, float fromEnd) => Math.Clamp(Math.Min(fromStart, fromEnd) / 2f, 0f, 1f);

    public static (byte R, byte G, byte B, byte A) At(RgbaImage image, int x, int y)
    {
        int o = (y * image.Width + x) * 4;
        return (image.Pixels[o], image.Pixels[o + 1], image.Pixels[o + 2], image.Pixels[o + 3]);
    }

    public static double MeanLuma(RgbaImage image, PixelRect region)
    {
        double sum = 0;
        for (int y = region.Y; y < region.Bottom; y++)
            for (int x = region.X; x < region.Right; x++)
            {
                var (r, g, b, _) = At(image, x, y);
                sum += 0.299 * r + 0.587 * g + 0.114 * b;
            }
        return sum / (region.Width * region.Height);
    }
}
