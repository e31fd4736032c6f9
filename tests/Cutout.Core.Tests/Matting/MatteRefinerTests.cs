using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

/// <summary>
/// A red disc photographed on saturated green, with a crisp (1.5 px anti-aliased) rim, and beside it a
/// translucent red veil (alpha 0.5). The "model" saw the scene at 64x64, so its alpha is blurry at the
/// photo's size.
/// </summary>
public sealed class MatteRefinerTests
{
    private const int Width = 360, Height = 240;
    private const float VeilAlpha = 0.5f;
    private static readonly byte[] Red = [200, 30, 40];
    private static readonly byte[] Green = [30, 210, 50];

    private static bool InVeil(int x, int y) => x is >= 220 and < 340 && y is >= 40 and < 200;

    private static float TrueAlpha(int x, int y)
    {
        if (InVeil(x, y))
            return VeilAlpha;
        float distance = MathF.Sqrt((x - 110) * (x - 110) + (y - 120) * (y - 120));
        return Math.Clamp((80f - distance) / 1.5f + 0.5f, 0f, 1f);
    }

    private static RgbaImage Photo()
    {
        var image = new RgbaImage(Width, Height);
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                float a = TrueAlpha(x, y);
                int i = (y * Width + x) * 4;
                for (int c = 0; c < 3; c++)
                    image.Pixels[i + c] = (byte)(a * Red[c] + (1 - a) * Green[c] + 0.5f);
                image.Pixels[i + 3] = 255;
            }
        return image;
    }

    // What a segmentation model returns: the scene at its own (stretched, low) resolution.
    private static AlphaMatte ModelAlpha()
    {
        var alpha = new AlphaMatte(64, 64);
        for (int y = 0; y < 64; y++)
            for (int x = 0; x < 64; x++)
                alpha[x, y] = TrueAlpha((int)((x + 0.5f) * Width / 64f), (int)((y + 0.5f) * Height / 64f));
        return alpha;
    }

    private static RefinedMatte Refine(RefinementOptions? options = null, QualityMode mode = QualityMode.Max) =>
        MatteRefiner.Refine(Photo(), ModelAlpha(), mode, options ?? RefinementOptions.Default);

    [Theory]
    [InlineData(QualityMode.Max)]
    [InlineData(QualityMode.Eco)]
    public void Refined_matte_and_cutout_have_the_photos_full_resolution_with_matching_alpha(QualityMode mode)
    {
        var refined = Refine(mode: mode);
        Assert.Equal((Width, Height), (refined.Alpha.Width, refined.Alpha.Height));
        Assert.Equal((Width, Height), (refined.Foreground.Width, refined.Foreground.Height));
        for (int i = 0; i < refined.Alpha.Values.Length; i++)
            Assert.Equal((byte)(refined.Alpha.Values[i] * 255f + 0.5f), refined.Foreground.Pixels[i * 4 + 3]);
    }

    [Fact]
    public void Refined_alpha_of_a_crisp_edge_is_closer_to_the_truth_than_the_upsampled_model_alpha()
    {
        var refined = Refine().Alpha;
        var upsampled = Resampling.ResizeBilinear(ModelAlpha(), Width, Height);
        double refinedError = 0, upsampledError = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < 200; x++) // the disc's half of the photo
            {
                refinedError += Math.Abs(refined[x, y] - TrueAlpha(x, y));
                upsampledError += Math.Abs(upsampled[x, y] - TrueAlpha(x, y));
            }
        Assert.True(refinedError < 0.6 * upsampledError, $"refined {refinedError:F0}, upsampled {upsampledError:F0}");
    }

    [Theory]
    [InlineData(QualityMode.Max)]
    [InlineData(QualityMode.Eco)]
    public void A_translucent_part_stays_semi_transparent(QualityMode mode)
    {
        var alpha = Refine(mode: mode).Alpha;
        for (int y = 70; y < 170; y += 10)
            for (int x = 250; x < 310; x += 10)
                Assert.InRange(alpha[x, y], VeilAlpha - 0.1f, VeilAlpha + 0.1f);
    }

    [Fact]
    public void Semi_transparent_rim_pixels_lose_the_old_green_background()
    {
        var decontaminated = Refine().Foreground;
        var original = Refine(RefinementOptions.Default with { Decontaminate = false }).Foreground;
        var (greenAfter, greenBefore) = (MeanGreenOfDiscRim(decontaminated), MeanGreenOfDiscRim(original));
        Assert.True(greenBefore > 90, $"the photo's rim pixels are green-tinted: {greenBefore:F0}");
        Assert.True(greenAfter < 0.5 * greenBefore, $"decontaminated rim green {greenAfter:F0}, photo {greenBefore:F0} (the subject's own green is {Red[1]})");
    }

    [Fact]
    public void Transparent_pixels_next_to_the_subject_hold_the_subjects_colour()
    {
        var cutout = Refine().Foreground;
        int transparentNearby = 0;
        // Within 15 px outside the disc: where editors that resample or un-premultiply pick up colour.
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < 200; x++)
            {
                float distance = MathF.Sqrt((x - 110) * (x - 110) + (y - 120) * (y - 120));
                int i = (y * Width + x) * 4;
                if (cutout.Pixels[i + 3] != 0 || distance > 95)
                    continue;
                transparentNearby++;
                Assert.True(DistanceSquared(cutout.Pixels.AsSpan(i, 3), Red) < DistanceSquared(cutout.Pixels.AsSpan(i, 3), Green),
                    $"({x},{y}) holds {cutout.Pixels[i]},{cutout.Pixels[i + 1]},{cutout.Pixels[i + 2]}");
            }
        Assert.True(transparentNearby > 1000);
    }

    [Fact]
    public void Opaque_pixels_away_from_the_edge_keep_the_photos_colour_exactly()
    {
        // The edge's own opaque pixels may be partly background (crisp-edge contrast made them opaque);
        // they get the estimated foreground colour instead, so only pixels 3 px or more inside count.
        const int margin = 3;
        var photo = Photo();
        var cutout = Refine().Foreground;
        int width = photo.Width, height = photo.Height, inside = 0;
        bool Opaque(int x, int y) => cutout.Pixels[(y * width + x) * 4 + 3] == 255;
        for (int y = margin; y < height - margin; y++)
            for (int x = margin; x < width - margin; x++)
            {
                bool surrounded = true;
                for (int dy = -margin; dy <= margin && surrounded; dy++)
                    for (int dx = -margin; dx <= margin && surrounded; dx++)
                        surrounded = Opaque(x + dx, y + dy);
                if (!surrounded)
                    continue;
                inside++;
                int i = y * width + x;
                Assert.True(photo.Pixels.AsSpan(i * 4, 3).SequenceEqual(cutout.Pixels.AsSpan(i * 4, 3)), $"({x},{y}) photo {photo.Pixels[i * 4]},{photo.Pixels[i * 4 + 1]},{photo.Pixels[i * 4 + 2]} cutout {cutout.Pixels[i * 4]},{cutout.Pixels[i * 4 + 1]},{cutout.Pixels[i * 4 + 2]}");
            }
        Assert.True(inside > 15000);
    }

    [Fact]
    public void Without_decontamination_the_cutout_keeps_the_photos_colours()
    {
        var photo = Photo();
        var cutout = Refine(RefinementOptions.Default with { Decontaminate = false }).Foreground;
        for (int i = 0; i < photo.PixelCount; i++)
            Assert.Equal(photo.Pixels.AsSpan(i * 4, 3).ToArray(), cutout.Pixels.AsSpan(i * 4, 3).ToArray());
    }

    [Fact]
    public void Strength_zero_keeps_the_upsampled_model_alpha()
    {
        var refined = Refine(RefinementOptions.Default with { Strength = 0f }).Alpha;
        Assert.Equal(Resampling.ResizeBilinear(ModelAlpha(), Width, Height).Values, refined.Values);
    }

    [Fact]
    public void Cancellation_stops_the_refinement()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => MatteRefiner.Refine(Photo(), ModelAlpha(), QualityMode.Max, RefinementOptions.Default, cancelled.Token));
    }

    private static double MeanGreenOfDiscRim(RgbaImage cutout)
    {
        double sum = 0;
        int count = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < 200; x++)
            {
                int i = (y * Width + x) * 4;
                if (cutout.Pixels[i + 3] is > 40 and < 215)
                {
                    sum += cutout.Pixels[i + 1];
                    count++;
                }
            }
        Assert.True(count > 100, $"only {count} semi-transparent rim pixels");
        return sum / count;
    }

    private static int DistanceSquared(ReadOnlySpan<byte> colour, byte[] reference)
    {
        int sum = 0;
        for (int c = 0; c < 3; c++)
            sum += (colour[c] - reference[c]) * (colour[c] - reference[c]);
        return sum;
    }
}
