using Cutout.Imaging;
using SkiaSharp;

namespace Cutout.Advanced;

/// <summary>A decoded photo: straight-alpha sRGB pixels, upright (EXIF orientation applied).</summary>
/// <param name="Image">The pixels.</param>
/// <param name="Format">The encoded format's name in upper case, as Skia reports it (<c>JPEG</c>, <c>PNG</c>, <c>WEBP</c>…).</param>
/// <param name="HasAlpha">Whether any pixel is not fully opaque; such transparency is kept in the cutout.</param>
public sealed record DecodedImage(RgbaImage Image, string Format, bool HasAlpha);

/// <summary>
/// Turns encoded bytes (JPEG, PNG incl. 16-bit and palette, WebP, GIF first frame, BMP) into sRGB RGBA,
/// checking the limits on the header first. Every failure is a <see cref="CutoutException"/> with a reason.
/// </summary>
public static class ImageDecoder
{
    /// <summary>Decodes one image, checking <paramref name="limits"/> (default <see cref="DecodeLimits.Default"/>) on the header before allocating pixels.</summary>
    /// <exception cref="CutoutException">
    /// <see cref="CutoutErrorKind.InvalidImage"/> for empty, truncated or corrupt data; <see cref="CutoutErrorKind.UnsupportedFormat"/>
    /// for a recognised format Skia cannot read (HEIC, AVIF, TIFF…); <see cref="CutoutErrorKind.LimitExceeded"/> when over the limits.
    /// </exception>
    public static DecodedImage Decode(ReadOnlySpan<byte> encoded, DecodeLimits? limits = null)
    {
        limits ??= DecodeLimits.Default;
        if (encoded.IsEmpty)
            throw new CutoutException(CutoutErrorKind.InvalidImage, "the file is empty");
        limits.CheckEncodedSize(encoded.Length);

        using var data = IsWholeJpegWithoutEndMarker(encoded) ? CopyWithEndMarker(encoded) : SKData.CreateCopy(encoded);
        using var stream = new SKMemoryStream(data);
        using var codec = SKCodec.Create(stream, out var createResult);
        if (codec is null)
        {
            if (SniffKnownButUnreadable(encoded) is { } format)
                throw new CutoutException(CutoutErrorKind.UnsupportedFormat, $"{format} images are not supported (use JPEG, PNG, WebP, GIF or BMP)");
            throw new CutoutException(CutoutErrorKind.InvalidImage, createResult == SKCodecResult.IncompleteInput
                ? "the image data is truncated"
                : "not a readable image (unrecognised or corrupt data)");
        }

        string formatName = codec.EncodedFormat.ToString().ToUpperInvariant();
        var info = codec.Info;
        CheckDimensions(info.Width, info.Height, limits);

        var target = new SKImageInfo(info.Width, info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul, SKColorSpace.CreateSrgb());
        var pixels = new byte[target.BytesSize];
        SKCodecResult result;
        unsafe
        {
            fixed (byte* p = pixels)
                result = codec.GetPixels(target, (IntPtr)p);
        }

        if (result == SKCodecResult.IncompleteInput || result == SKCodecResult.ErrorInInput)
            throw new CutoutException(CutoutErrorKind.InvalidImage, "the image data is truncated or corrupt");
        if (result != SKCodecResult.Success)
            throw new CutoutException(CutoutErrorKind.InvalidImage, $"the image could not be decoded ({result})");

        var image = new RgbaImage(info.Width, info.Height, pixels);
        bool hasAlpha = info.AlphaType != SKAlphaType.Opaque && HasTransparentPixel(pixels);
        return new DecodedImage(ExifOrientation.Apply(image, codec.EncodedOrigin), formatName, hasAlpha);
    }

    /// <summary>
    /// Many cameras and editors write JPEGs whose only flaw is a missing final end-of-image marker (FF D9); every
    /// viewer shows them whole, while the decoder holds back the last rows waiting for it. Such a file is decoded
    /// with the marker added. Adding it to a file cut short in its scan data would paint the missing rows grey, so
    /// only a baseline JPEG whose rows decode (all but the last block row) without the marker qualifies.
    /// </summary>
    private static bool IsWholeJpegWithoutEndMarker(ReadOnlySpan<byte> encoded)
    {
        if (encoded.Length < 4 || !encoded.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]) || encoded.EndsWith((ReadOnlySpan<byte>)[0xFF, 0xD9])
            || IsProgressiveJpeg(encoded))
            return false;
        using var data = SKData.CreateCopy(encoded);
        using var codec = SKCodec.Create(data);
        if (codec is null)
            return false;
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (codec.StartScanlineDecode(info) != SKCodecResult.Success)
            return false;
        var row = new byte[info.RowBytes];
        int decoded = 0;
        unsafe
        {
            fixed (byte* p = row)
                while (decoded < info.Height && codec.GetScanlines((IntPtr)p, 1, info.RowBytes) == 1)
                    decoded++;
        }
        const int LargestBlockRow = 16;
        return decoded >= info.Height - LargestBlockRow;
    }

    /// <summary>A progressive JPEG (SOF2) shows every row after its first scan, so row counts cannot tell it whole.</summary>
    private static bool IsProgressiveJpeg(ReadOnlySpan<byte> encoded)
    {
        for (int at = 2; at + 4 <= encoded.Length && encoded[at] == 0xFF;)
        {
            byte marker = encoded[at + 1];
            if (marker is 0xC2 or 0xC6 or 0xCA or 0xCE)
                return true;
            if (marker == 0xDA)
                return false;
            at += 2 + ((encoded[at + 2] << 8) | encoded[at + 3]);
        }
        return false;
    }

    private static SKData CopyWithEndMarker(ReadOnlySpan<byte> encoded)
    {
        var completed = new byte[encoded.Length + 2];
        encoded.CopyTo(completed);
        completed[^2] = 0xFF;
        completed[^1] = 0xD9;
        return SKData.CreateCopy(completed);
    }

    /// <summary>Refuses sizes outside <paramref name="limits"/>; for callers that read a size before they have the pixels.</summary>
    /// <exception cref="CutoutException">
    /// <see cref="CutoutErrorKind.InvalidImage"/> for a size without pixels; <see cref="CutoutErrorKind.LimitExceeded"/> when a side is over the
    /// maximum or under <see cref="DecodeLimits.MinSide"/>.
    /// </exception>
    public static void CheckDimensions(int width, int height, DecodeLimits limits)
    {
        if (width <= 0 || height <= 0)
            throw new CutoutException(CutoutErrorKind.InvalidImage, "the image has no pixels");
        if (width > limits.MaxWidth || height > limits.MaxHeight)
            throw new CutoutException(CutoutErrorKind.LimitExceeded,
                $"the image is {width}x{height}, over the {limits.MaxWidth}x{limits.MaxHeight} limit");
        if (Math.Min(width, height) < limits.MinSide)
            throw new CutoutException(CutoutErrorKind.LimitExceeded,
                $"the image is {width}x{height}; each side must be at least {limits.MinSide} px");
    }

    private static bool HasTransparentPixel(ReadOnlySpan<byte> rgba)
    {
        for (int i = 3; i < rgba.Length; i += 4)
            if (rgba[i] != 255)
                return true;
        return false;
    }

    /// <summary>Names formats users commonly try that we recognise but do not decode.</summary>
    private static string? SniffKnownButUnreadable(ReadOnlySpan<byte> b)
    {
        if (b.Length >= 12 && b[4..8].SequenceEqual("ftyp"u8))
        {
            var brand = b[8..12];
            if (brand.SequenceEqual("heic"u8) || brand.SequenceEqual("heix"u8) || brand.SequenceEqual("mif1"u8) || brand.SequenceEqual("msf1"u8))
                return "HEIC/HEIF";
            if (brand.SequenceEqual("avif"u8) || brand.SequenceEqual("avis"u8))
                return "AVIF";
        }
        if (b.Length >= 4 && (b[..4].SequenceEqual("II*\0"u8) || b[..4].SequenceEqual("MM\0*"u8)))
            return "TIFF";
        if (b.Length >= 4 && b[..4].SequenceEqual("%PDF"u8))
            return "PDF";
        if (b.Length >= 5 && (b[..5].SequenceEqual("<?xml"u8) || b[..4].SequenceEqual("<svg"u8)))
            return "SVG";
        if (b.Length >= 4 && b[..4].SequenceEqual("8BPS"u8))
            return "Photoshop PSD";
        return null;
    }
}
