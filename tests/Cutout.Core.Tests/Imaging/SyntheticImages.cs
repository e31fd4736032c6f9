using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Core.Tests.Imaging;

/// <summary>Small encoded images built in memory, so decoder tests need no files.</summary>
internal static class SyntheticImages
{
    /// <summary>A width×height image whose pixel (x, y) is (x, y, 100, 255): every position is identifiable.</summary>
    public static RgbaImage Coordinates(int width, int height)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                int o = (y * width + x) * 4;
                image.Pixels[o] = (byte)x;
                image.Pixels[o + 1] = (byte)y;
                image.Pixels[o + 2] = 100;
                image.Pixels[o + 3] = 255;
            }
        return image;
    }

    public static byte[] Encode(RgbaImage image, SKEncodedImageFormat format, int quality = 100)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(image.Width, image.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        System.Runtime.InteropServices.Marshal.Copy(image.Pixels, 0, bitmap.GetPixels(), image.Pixels.Length);
        using var data = bitmap.Encode(format, quality);
        return data.ToArray();
    }

    /// <summary>
    /// Inserts an EXIF APP1 segment carrying only the Orientation tag right after the JPEG's SOI marker,
    /// the way cameras store a rotated shot.
    /// </summary>
    public static byte[] WithExifOrientation(byte[] jpeg, ushort orientation)
    {
        byte[] tiff =
        [
            (byte)'M', (byte)'M', 0, 42, 0, 0, 0, 8, // big-endian TIFF header, IFD at offset 8
            0, 1, // one entry
            0x01, 0x12, 0, 3, 0, 0, 0, 1, (byte)(orientation >> 8), (byte)orientation, 0, 0, // Orientation, SHORT, count 1
            0, 0, 0, 0, // no next IFD
        ];
        byte[] exifHeader = "Exif\0\0"u8.ToArray();
        int length = 2 + exifHeader.Length + tiff.Length;
        var segment = new List<byte> { 0xFF, 0xE1, (byte)(length >> 8), (byte)length };
        segment.AddRange(exifHeader);
        segment.AddRange(tiff);
        return [.. jpeg[..2], .. segment, .. jpeg[2..]];
    }
}
