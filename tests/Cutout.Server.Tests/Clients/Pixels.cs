using SkiaSharp;

namespace Cutout.Server.Tests.Clients;

/// <summary>Pixel checks on the images the drop-in APIs answer with.</summary>
internal static class Pixels
{
    public static SKBitmap Decode(byte[] bytes) => SKBitmap.Decode(bytes) ?? throw new Xunit.Sdk.XunitException($"not an image ({bytes.Length} bytes)");

    public static IEnumerable<SKColor> Corners(SKBitmap image) =>
    [
        image.GetPixel(2, 2), image.GetPixel(image.Width - 3, 2),
        image.GetPixel(2, image.Height - 3), image.GetPixel(image.Width - 3, image.Height - 3),
    ];

    public static void AssertTransparentCorners(SKBitmap image) =>
        Assert.All(Corners(image), corner => Assert.Equal(0, corner.Alpha));

    /// <summary>The subject (the middle of these centred photos) stays opaque.</summary>
    public static void AssertOpaqueCentre(SKBitmap image) =>
        Assert.Equal(255, image.GetPixel(image.Width / 2, image.Height / 2).Alpha);

    public static void AssertCornersAre(SKBitmap image, SKColor color, int tolerance = 0) =>
        Assert.All(Corners(image), corner =>
        {
            Assert.Equal(255, corner.Alpha);
            Assert.InRange(Math.Abs(corner.Red - color.Red), 0, tolerance);
            Assert.InRange(Math.Abs(corner.Green - color.Green), 0, tolerance);
            Assert.InRange(Math.Abs(corner.Blue - color.Blue), 0, tolerance);
        });

    /// <summary>A mask: grey only (R = G = B, opaque), black background corners, and a white subject covering part of it.</summary>
    public static void AssertGreyMask(SKBitmap image)
    {
        int white = 0, samples = 0;
        for (int y = 0; y < image.Height; y += 5)
            for (int x = 0; x < image.Width; x += 5)
            {
                var pixel = image.GetPixel(x, y);
                Assert.True(pixel.Red == pixel.Green && pixel.Green == pixel.Blue && pixel.Alpha == 255, $"pixel ({x},{y}) is {pixel}, not grey");
                white += pixel.Red == 255 ? 1 : 0;
                samples++;
            }
        Assert.All(Corners(image), corner => Assert.Equal(0, corner.Red));
        Assert.InRange(white / (double)samples, 0.02, 0.9);
    }
}
