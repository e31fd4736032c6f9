using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Imaging;

namespace Cutout.Core.Tests.Imaging;

public class ImageEncoderTests
{
    [Fact]
    public void Png_output_keeps_straight_alpha_and_colour_under_partial_transparency()
    {
        var image = SyntheticImages.Coordinates(16, 16);
        image.Pixels[3] = 64;
        var decoded = ImageDecoder.Decode(ImageEncoder.Encode(image, OutputFormat.Png)).Image;
        Assert.Equal(image.Pixels, decoded.Pixels);
    }

    [PhotoFact]
    public void Fastest_png_compression_is_still_lossless_on_a_real_photo()
    {
        var photo = ImageDecoder.Decode(File.ReadAllBytes(TestData.Real("ccp-0010.jpg"))).Image;
        for (int i = 3; i < photo.Pixels.Length; i += 4 * 7)
            photo.Pixels[i] = (byte)(i % 256);
        var fast = ImageEncoder.Encode(photo, OutputFormat.Png, png: PngCompression.Fastest);
        var compact = ImageEncoder.Encode(photo, OutputFormat.Png, png: PngCompression.Compact);
        Assert.Equal(photo.Pixels, ImageDecoder.Decode(fast).Image.Pixels);
        Assert.True(compact.Length < fast.Length, $"compact {compact.Length} B, fastest {fast.Length} B");
    }

    [Fact]
    public void Webp_output_keeps_an_alpha_channel()
    {
        var image = SyntheticImages.Coordinates(32, 32);
        for (int i = 3; i < image.Pixels.Length / 2; i += 4)
            image.Pixels[i] = 0;
        var decoded = ImageDecoder.Decode(ImageEncoder.Encode(image, OutputFormat.WebP, 90));
        Assert.True(decoded.HasAlpha);
        Assert.Equal(0, decoded.Image.Pixels[3]);
        Assert.Equal(255, decoded.Image.Pixels[^1]);
    }

    [Fact]
    public void Mask_output_is_grey_alpha_scaled_to_255()
    {
        var alpha = new AlphaMatte(20, 20);
        alpha[0, 0] = 1f;
        alpha[1, 0] = 0.5f;
        var decoded = ImageDecoder.Decode(ImageEncoder.EncodeMask(alpha)).Image;
        Assert.Equal(255, decoded.Pixels[0]);
        Assert.Equal(128, decoded.Pixels[4]);
        Assert.Equal(0, decoded.Pixels[8]);
        Assert.Equal(decoded.Pixels[4], decoded.Pixels[5]); // grey: R = G = B
    }
}
