using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Imaging;
using SkiaSharp;

namespace Cutout.Core.Tests.Imaging;

public class ImageDecoderTests
{
    [Fact]
    public void An_empty_file_gets_a_clear_error()
    {
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode([]));
        Assert.Equal(CutoutErrorKind.InvalidImage, error.Kind);
        Assert.Contains("empty", error.Message);
    }

    [Fact]
    public void Text_that_is_not_an_image_gets_a_clear_error()
    {
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode("hello, this is not a picture"u8));
        Assert.Equal(CutoutErrorKind.InvalidImage, error.Kind);
        Assert.Contains("not a readable image", error.Message);
    }

    [Fact]
    public void A_truncated_jpeg_gets_a_clear_error_instead_of_grey_pixels()
    {
        var jpeg = SyntheticImages.Encode(SyntheticImages.Coordinates(200, 150), SKEncodedImageFormat.Jpeg);
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length / 2)));
        Assert.Equal(CutoutErrorKind.InvalidImage, error.Kind);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void A_jpeg_missing_only_its_end_marker_decodes_whole()
    {
        var jpeg = SyntheticImages.Encode(SyntheticImages.Coordinates(200, 150), SKEncodedImageFormat.Jpeg);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);

        var whole = ImageDecoder.Decode(jpeg).Image;
        var withoutMarker = ImageDecoder.Decode(jpeg.AsSpan(0, jpeg.Length - 2)).Image;

        Assert.Equal((200, 150), (withoutMarker.Width, withoutMarker.Height));
        Assert.Equal(whole.Pixels, withoutMarker.Pixels);
    }

    [Theory]
    [InlineData(new byte[] { 0, 0, 0, 0x18, (byte)'f', (byte)'t', (byte)'y', (byte)'p', (byte)'h', (byte)'e', (byte)'i', (byte)'c' }, "HEIC")]
    [InlineData(new byte[] { (byte)'I', (byte)'I', (byte)'*', 0, 8, 0, 0, 0 }, "TIFF")]
    [InlineData(new byte[] { (byte)'%', (byte)'P', (byte)'D', (byte)'F', (byte)'-', (byte)'1' }, "PDF")]
    public void Known_but_unsupported_formats_are_named_in_the_error(byte[] header, string name)
    {
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode(header));
        Assert.Equal(CutoutErrorKind.UnsupportedFormat, error.Kind);
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public void A_1x1_image_gets_a_clear_error()
    {
        var png = SyntheticImages.Encode(SyntheticImages.Coordinates(1, 1), SKEncodedImageFormat.Png);
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode(png));
        Assert.Equal(CutoutErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("1x1", error.Message);
    }

    [Fact]
    public void An_image_over_the_pixel_limit_is_refused_from_its_header()
    {
        var png = SyntheticImages.Encode(SyntheticImages.Coordinates(300, 20), SKEncodedImageFormat.Png);
        var limits = DecodeLimits.Default with { MaxWidth = 256 };
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode(png, limits));
        Assert.Equal(CutoutErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("300x20", error.Message);
    }

    [Fact]
    public void A_decompression_bomb_is_refused_without_decoding_its_pixels()
    {
        // A valid PNG header declaring 100000x100000 pixels followed by almost no data: decoding it
        // would need 40 GB; the limit check must fire on the header alone.
        var png = SyntheticImages.Encode(SyntheticImages.Coordinates(64, 64), SKEncodedImageFormat.Png);
        WriteBigEndian(png, 16, 100_000);
        WriteBigEndian(png, 20, 100_000);
        FixIhdrCrc(png);
        var error = Assert.Throws<CutoutException>(() => ImageDecoder.Decode(png));
        Assert.Equal(CutoutErrorKind.LimitExceeded, error.Kind);
        Assert.Contains("100000x100000", error.Message);
    }

    [Theory]
    [InlineData(SKEncodedImageFormat.Png)]
    [InlineData(SKEncodedImageFormat.Webp)]
    public void Lossless_formats_decode_to_the_exact_pixels(SKEncodedImageFormat format)
    {
        var original = SyntheticImages.Coordinates(40, 30);
        var decoded = ImageDecoder.Decode(SyntheticImages.Encode(original, format)).Image;
        Assert.Equal(original.Pixels, decoded.Pixels);
    }

    [PhotoTheory]
    [InlineData("horse.gif", 6)]
    [InlineData("horse.bmp", 5)]
    [InlineData("horse-16bit.png", 5)]
    [InlineData("horse-palette.png", 8)]
    [InlineData("horse-cmyk.jpg", 10)]
    public void Every_supported_container_and_colour_model_decodes_to_the_same_picture(string file, double tolerance)
    {
        var reference = ImageDecoder.Decode(File.ReadAllBytes(TestData.Format("horse.jpg"))).Image;
        var decoded = ImageDecoder.Decode(File.ReadAllBytes(TestData.Format(file))).Image;

        Assert.Equal((reference.Width, reference.Height), (decoded.Width, decoded.Height));
        double meanAbsoluteDifference = 0;
        for (int i = 0; i < reference.Pixels.Length; i++)
            if (i % 4 != 3)
                meanAbsoluteDifference += Math.Abs(reference.Pixels[i] - decoded.Pixels[i]);
        meanAbsoluteDifference /= reference.PixelCount * 3;
        Assert.InRange(meanAbsoluteDifference, 0, tolerance);
    }

    [PhotoFact]
    public void Greyscale_jpeg_decodes_to_equal_rgb_channels()
    {
        var decoded = ImageDecoder.Decode(File.ReadAllBytes(TestData.Format("horse-grey.jpg"))).Image;
        for (int i = 0; i < decoded.Pixels.Length; i += 4)
        {
            Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 1]);
            Assert.Equal(decoded.Pixels[i], decoded.Pixels[i + 2]);
        }
    }

    [Theory]
    [InlineData(1, 40, 30)]
    [InlineData(3, 40, 30)]
    [InlineData(6, 30, 40)]
    [InlineData(8, 30, 40)]
    public void Exif_orientation_turns_the_photo_upright(ushort orientation, int expectedWidth, int expectedHeight)
    {
        // Left half dark, right half light in storage order: after rotation the halves move predictably.
        var stored = new RgbaImage(40, 30);
        for (int y = 0; y < 30; y++)
            for (int x = 0; x < 40; x++)
            {
                byte v = x < 20 ? (byte)20 : (byte)230;
                stored.Row(y)[(x * 4)..(x * 4 + 4)].Fill(v);
            }
        var jpeg = SyntheticImages.WithExifOrientation(SyntheticImages.Encode(stored, SKEncodedImageFormat.Jpeg), orientation);

        var upright = ImageDecoder.Decode(jpeg).Image;

        Assert.Equal((expectedWidth, expectedHeight), (upright.Width, upright.Height));
        byte topLeft = upright.Pixels[(2 * upright.Width + 2) * 4];
        // 1: unchanged (dark left); 3: rotated 180 (dark right); 6: rotated 90 CW (dark top); 8: 90 CCW (dark bottom).
        bool darkExpectedAtTopLeft = orientation is 1 or 6;
        Assert.Equal(darkExpectedAtTopLeft, topLeft < 128);
    }

    [Theory]
    [InlineData(SKEncodedOrigin.TopLeft)]
    [InlineData(SKEncodedOrigin.TopRight)]
    [InlineData(SKEncodedOrigin.BottomRight)]
    [InlineData(SKEncodedOrigin.BottomLeft)]
    [InlineData(SKEncodedOrigin.LeftTop)]
    [InlineData(SKEncodedOrigin.RightTop)]
    [InlineData(SKEncodedOrigin.RightBottom)]
    [InlineData(SKEncodedOrigin.LeftBottom)]
    public void Every_exif_orientation_moves_each_pixel_where_the_exif_standard_puts_it(SKEncodedOrigin origin)
    {
        // A 3x2 image whose pixels are all different, against the standard's flips and transposes.
        var stored = new RgbaImage(3, 2);
        for (int i = 0; i < 6; i++)
            stored.Pixels.AsSpan(i * 4, 4).Fill((byte)(10 * (i + 1)));
        int[,] grid = { { 10, 20, 30 }, { 40, 50, 60 } };
        int[,] expected = origin switch
        {
            SKEncodedOrigin.TopRight => FlipHorizontally(grid),
            SKEncodedOrigin.BottomRight => FlipHorizontally(FlipVertically(grid)),
            SKEncodedOrigin.BottomLeft => FlipVertically(grid),
            SKEncodedOrigin.LeftTop => Transpose(grid),
            SKEncodedOrigin.RightTop => FlipHorizontally(Transpose(grid)),
            SKEncodedOrigin.RightBottom => FlipHorizontally(FlipVertically(Transpose(grid))),
            SKEncodedOrigin.LeftBottom => FlipVertically(Transpose(grid)),
            _ => grid,
        };

        var upright = ExifOrientation.Apply(stored, origin);

        Assert.Equal((expected.GetLength(1), expected.GetLength(0)), (upright.Width, upright.Height));
        for (int y = 0; y < upright.Height; y++)
            for (int x = 0; x < upright.Width; x++)
                Assert.Equal(expected[y, x], upright.Pixels[(y * upright.Width + x) * 4]);
    }

    private static int[,] FlipHorizontally(int[,] g) => Map(g, g.GetLength(0), g.GetLength(1), (y, x) => g[y, g.GetLength(1) - 1 - x]);

    private static int[,] FlipVertically(int[,] g) => Map(g, g.GetLength(0), g.GetLength(1), (y, x) => g[g.GetLength(0) - 1 - y, x]);

    private static int[,] Transpose(int[,] g) => Map(g, g.GetLength(1), g.GetLength(0), (y, x) => g[x, y]);

    private static int[,] Map(int[,] g, int height, int width, Func<int, int, int> source)
    {
        var result = new int[height, width];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
                result[y, x] = source(y, x);
        return result;
    }

    [Fact]
    public void Existing_transparency_is_reported_and_kept_straight()
    {
        var image = SyntheticImages.Coordinates(32, 32);
        image.Pixels[3] = 0;       // fully transparent first pixel keeps its colour bytes
        image.Pixels[7] = 128;
        var decoded = ImageDecoder.Decode(SyntheticImages.Encode(image, SKEncodedImageFormat.Png));
        Assert.True(decoded.HasAlpha);
        Assert.Equal(128, decoded.Image.Pixels[7]);
        Assert.Equal(image.Pixels[4..7], decoded.Image.Pixels[4..7]);
    }

    [Fact]
    public void Opaque_photos_report_no_alpha()
    {
        var jpeg = SyntheticImages.Encode(SyntheticImages.Coordinates(32, 32), SKEncodedImageFormat.Jpeg);
        Assert.False(ImageDecoder.Decode(jpeg).HasAlpha);
    }

    private static void WriteBigEndian(byte[] buffer, int offset, int value)
    {
        buffer[offset] = (byte)(value >> 24);
        buffer[offset + 1] = (byte)(value >> 16);
        buffer[offset + 2] = (byte)(value >> 8);
        buffer[offset + 3] = (byte)value;
    }

    /// <summary>The IHDR chunk spans bytes 12..29 (type + 13 data bytes); its CRC follows at 29.</summary>
    private static void FixIhdrCrc(byte[] png)
    {
        uint crc = System.IO.Hashing.Crc32.HashToUInt32(png.AsSpan(12, 17));
        WriteBigEndian(png, 29, (int)crc);
    }
}
