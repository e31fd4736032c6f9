using SkiaSharp;

namespace Cutout.Imaging;

/// <summary>Rotates/flips decoded pixels so the image is upright, as every viewer shows it.</summary>
public static class ExifOrientation
{
    public static RgbaImage Apply(RgbaImage image, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft || origin == 0)
            return image;

        int w = image.Width, h = image.Height;
        bool swaps = origin >= SKEncodedOrigin.LeftTop; // orientations 5..8 transpose the axes
        int ow = swaps ? h : w, oh = swaps ? w : h;
        var output = new RgbaImage(ow, oh);
        var src = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan());
        var dst = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(output.Pixels.AsSpan());

        for (int y = 0; y < oh; y++)
        {
            for (int x = 0; x < ow; x++)
            {
                // (sx, sy): the stored pixel that appears at display position (x, y).
                (int sx, int sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    SKEncodedOrigin.LeftBottom => (w - 1 - y, x),
                    _ => (x, y),
                };
                dst[y * ow + x] = src[sy * w + sx];
            }
        }
        return output;
    }
}
