using Cutout.Imaging;
using SkiaSharp;

namespace Cutout.Advanced;

/// <summary>Lossless PNG either way; the trade is file size against encoding time.</summary>
public enum PngCompression
{
    /// <summary>
    /// The "up" row filter and zlib level 6: about twice as fast as Skia's adaptive per-row filter choice for
    /// files of about the same size (docs/tuning.md, "PNG compression").
    /// </summary>
    Compact,

    /// <summary>
    /// The "up" filter and zlib level 1: several times faster than <see cref="Compact"/> for a clearly larger
    /// file. Eco's choice, where speed is the point.
    /// </summary>
    Fastest,
}

/// <summary>Writes RGBA pixels or an alpha mask as PNG, WebP or JPEG bytes.</summary>
public static class ImageEncoder
{
    /// <summary>Encodes straight-alpha RGBA pixels; JPEG drops the alpha, so callers composite onto an opaque background first.</summary>
    /// <param name="image">The pixels to write.</param>
    /// <param name="format">PNG (lossless), WebP (lossy, keeps alpha) or JPEG.</param>
    /// <param name="quality">JPEG/WebP quality, clamped to 1..100; PNG ignores it.</param>
    /// <param name="subsampleChroma">JPEG 4:2:0 (smaller) when true; 4:4:4 when colour edges must stay exact (presets).</param>
    /// <param name="png">PNG size against encoding time.</param>
    /// <exception cref="InvalidOperationException">Skia failed to encode (out of memory).</exception>
    public static byte[] Encode(RgbaImage image, OutputFormat format, int quality = 92, bool subsampleChroma = true, PngCompression png = PngCompression.Compact)
    {
        quality = Math.Clamp(quality, 1, 100);
        bool opaque = format == OutputFormat.Jpeg;
        var info = new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, opaque ? SKAlphaType.Opaque : SKAlphaType.Unpremul);
        unsafe
        {
            fixed (byte* p = image.Pixels)
            {
                using var pixmap = new SKPixmap(info, (IntPtr)p, image.Width * 4);
                using SKData? data = format switch
                {
                    OutputFormat.Png => pixmap.Encode(PngOptions(png)),
                    OutputFormat.WebP => pixmap.Encode(new SKWebpEncoderOptions(SKWebpEncoderCompression.Lossy, quality)),
                    OutputFormat.Jpeg => pixmap.Encode(new SKJpegEncoderOptions(quality, subsampleChroma ? SKJpegEncoderDownsample.Downsample420 : SKJpegEncoderDownsample.Downsample444, SKJpegEncoderAlphaOption.Ignore)),
                    _ => throw new ArgumentOutOfRangeException(nameof(format)),
                };
                return data?.ToArray() ?? throw new InvalidOperationException($"Skia could not encode {format}.");
            }
        }
    }

    /// <summary>8-bit greyscale PNG of the alpha (255 = foreground).</summary>
    public static byte[] EncodeMask(AlphaMatte alpha, PngCompression png = PngCompression.Compact)
    {
        var grey = new byte[alpha.Width * alpha.Height];
        var values = alpha.Values;
        for (int i = 0; i < grey.Length; i++)
            grey[i] = (byte)(Math.Clamp(values[i], 0f, 1f) * 255f + 0.5f);
        var info = new SKImageInfo(alpha.Width, alpha.Height, SKColorType.Gray8, SKAlphaType.Opaque);
        unsafe
        {
            fixed (byte* p = grey)
            {
                using var pixmap = new SKPixmap(info, (IntPtr)p, alpha.Width);
                using var data = pixmap.Encode(PngOptions(png));
                return data?.ToArray() ?? throw new InvalidOperationException("Skia could not encode the mask.");
            }
        }
    }

    private static SKPngEncoderOptions PngOptions(PngCompression compression) =>
        new(SKPngEncoderFilterFlags.Up, compression == PngCompression.Fastest ? 1 : 6);
}
