using SkiaSharp;

namespace Cutout.Imaging;

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

        using var data = SKData.CreateCopy(encoded);
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
