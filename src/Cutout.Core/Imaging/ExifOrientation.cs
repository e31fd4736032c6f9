using System.Runtime.InteropServices;
using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Imaging;

/// <summary>Rotates/flips decoded pixels so the image is upright, as every viewer shows it.</summary>
internal static class ExifOrientation
{
    public static RgbaImage Apply(RgbaImage image, SKEncodedOrigin origin)
    {
        if (origin == SKEncodedOrigin.TopLeft || origin == 0)
            return image;

        int w = image.Width, h = image.Height;
        bool swaps = origin >= SKEncodedOrigin.LeftTop; // orientations 5..8 transpose the axes
        int ow = swaps ? h : w, oh = swaps ? w : h;
        // Every orientation maps display (x, y) to stored index start + x·perX + y·perY.
        var (start, perX, perY) = origin switch
        {
            SKEncodedOrigin.TopRight => (w - 1, -1, w),
            SKEncodedOrigin.BottomRight => ((h - 1) * w + w - 1, -1, -w),
            SKEncodedOrigin.BottomLeft => ((h - 1) * w, 1, -w),
            SKEncodedOrigin.LeftTop => (0, w, 1),
            SKEncodedOrigin.RightTop => ((h - 1) * w, -w, 1),
            SKEncodedOrigin.RightBottom => ((h - 1) * w + w - 1, -w, -1),
            SKEncodedOrigin.LeftBottom => (w - 1, w, -1),
            _ => (0, 1, w),
        };
        var output = new RgbaImage(ow, oh);
        Parallel.For(0, oh, y =>
        {
            var src = MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan());
            var row = MemoryMarshal.Cast<byte, uint>(output.Pixels.AsSpan(y * ow * 4, ow * 4));
            int index = start + y * perY;
            for (int x = 0; x < row.Length; x++, index += perX)
                row[x] = src[index];
        });
        return output;
    }
}
