using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>Moves pixels between Skia surfaces/bitmaps and <see cref="RgbaImage"/> (straight alpha, sRGB).</summary>
internal static class SkiaPixels
{
    public static RgbaImage Read(SKSurface surface, int width, int height)
    {
        var image = new RgbaImage(width, height);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        unsafe
        {
            fixed (byte* p = image.Pixels)
                if (!surface.ReadPixels(info, (IntPtr)p, width * 4, 0, 0))
                    throw new InvalidOperationException("Skia could not read the surface pixels.");
        }
        return image;
    }

    /// <summary>Wraps (copies) straight-alpha pixels as a Skia image for drawing with transforms and filters.</summary>
    public static SKImage ToSkImage(RgbaImage image)
    {
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        unsafe
        {
            fixed (byte* p = image.Pixels)
            {
                using var pixmap = new SKPixmap(info, (IntPtr)p, image.Width * 4);
                return SKImage.FromPixelCopy(pixmap) ?? throw new InvalidOperationException("Skia could not copy the pixels.");
            }
        }
    }

    /// <summary>Draws <paramref name="image"/> through <paramref name="matrix"/> onto a transparent canvas of the given size.</summary>
    public static RgbaImage Transform(RgbaImage image, SKMatrix matrix, int width, int height, SKImageFilter? filter = null)
    {
        using var source = ToSkImage(image);
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not create a {width}x{height} surface.");
        using var paint = new SKPaint { ImageFilter = filter };
        surface.Canvas.SetMatrix(matrix);
        // Catmull-Rom is interpolating (exact at pixel centres) for enlargements; reductions need mipmaps against aliasing.
        bool reduces = Math.Abs(matrix.ScaleX) < 1f || Math.Abs(matrix.ScaleY) < 1f;
        var sampling = reduces ? new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear) : new SKSamplingOptions(SKCubicResampler.CatmullRom);
        surface.Canvas.DrawImage(source, 0, 0, sampling, paint);
        return Read(surface, width, height);
    }
}
