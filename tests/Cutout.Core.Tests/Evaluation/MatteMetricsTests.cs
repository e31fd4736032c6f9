using Cutout.Advanced;
using Cutout.Evaluation;
using Cutout.Matting;

namespace Cutout.Core.Tests.Evaluation;

public sealed class MatteMetricsTests
{
    // A 4x1 truth: background, background, foreground, foreground.
    private static GroundTruthMatte Truth(params float[] values) => new(new AlphaMatte(values.Length, 1, values));

    [Fact]
    public void Intersection_over_union_counts_pixels_at_alpha_one_half_or_more()
    {
        var truth = Truth(0, 0, 1, 1);
        var predicted = new AlphaMatte(4, 1, [0f, 0.6f, 0.9f, 0.2f]);
        // Predicted mask {1, 2}, true mask {2, 3}: intersection 1, union 3.
        Assert.Equal(1.0 / 3, MatteMetrics.IntersectionOverUnion(predicted, truth), 6);
    }

    [Fact]
    public void Pixels_marked_dont_care_are_left_out_of_every_score()
    {
        var truth = new GroundTruthMatte(new AlphaMatte(4, 1, [0f, 0.5f, 1f, 1f]), [false, true, false, false]);
        var predicted = new AlphaMatte(4, 1, [0f, 1f, 1f, 0.5f]);
        Assert.Equal(1.0, MatteMetrics.IntersectionOverUnion(predicted, truth), 6);
        Assert.Equal(0.5 / 3, MatteMetrics.MeanAbsoluteError(predicted, truth), 6);
        Assert.Equal(0.5 / 1000, MatteMetrics.SumOfAbsoluteDifferences(predicted, truth), 9);
    }

    [Fact]
    public void Mean_squared_error_averages_the_squared_alpha_differences()
    {
        var truth = Truth(0, 0, 1, 1);
        var predicted = new AlphaMatte(4, 1, [0f, 0.5f, 1f, 0.5f]);
        Assert.Equal((0.25 + 0.25) / 4, MatteMetrics.MeanSquaredError(predicted, truth), 6);
    }

    [Fact]
    public void Connectivity_error_is_zero_for_the_truth_and_punishes_soft_specks_cut_off_from_the_subject()
    {
        // A 9x9 opaque square in a 20x20 image, and a faint 2x2 speck of 0.6 far from it.
        var truthAlpha = new AlphaMatte(20, 20);
        for (int y = 2; y < 11; y++)
            for (int x = 2; x < 11; x++)
                truthAlpha[x, y] = 1f;
        var truth = new GroundTruthMatte(truthAlpha);
        Assert.Equal(0, MatteMetrics.ConnectivityError(truthAlpha, truth), 9);

        var speck = truthAlpha.Clone();
        foreach (var (x, y) in new[] { (16, 16), (17, 16), (16, 17), (17, 17) })
            speck[x, y] = 0.6f;
        // Each speck pixel lies outside the largest region where both mattes reach 0.1: l = 0, d = 0.6 ≥ 0.15,
        // φ = 0.4 against the truth's 1.
        Assert.Equal(4 * 0.6 / 1000, MatteMetrics.ConnectivityError(speck, truth), 6);
    }

    [Fact]
    public void Voc_grey_128_in_a_mask_file_reads_as_dont_care()
    {
        var mask = new AlphaMatte(16, 16);
        mask[3, 0] = 128f / 255f;
        mask[4, 0] = 1f;
        var truth = GroundTruthMatte.FromMaskFile(ImageEncoder.EncodeMask(mask));
        Assert.Equal(1, truth.Ignored.Count(ignored => ignored));
        Assert.True(truth.Ignored[3]);
        Assert.Equal(1f, truth.Alpha[4, 0]);
    }

    [Fact]
    public void Boundary_band_error_only_counts_pixels_near_the_true_outline()
    {
        // 40 px wide: outline between x = 19 and x = 20; band radius 5 covers x = 14..25.
        var values = Enumerable.Range(0, 40).Select(x => x >= 20 ? 1f : 0f).ToArray();
        var truth = new GroundTruthMatte(new AlphaMatte(40, 1, values));
        var predicted = new AlphaMatte(40, 1, (float[])values.Clone());
        predicted[0, 0] = 1f;  // far from the outline: not in the band
        predicted[18, 0] = 0.6f; // in the band
        var band = MatteMetrics.BoundaryBand(truth, 5);
        Assert.Equal(12, band.Count(b => b));
        Assert.Equal(0.6 / 12, MatteMetrics.BoundaryBandError(predicted, truth, 5), 6);
        Assert.Equal(1.6 / 40, MatteMetrics.MeanAbsoluteError(predicted, truth), 6);
    }

    [Fact]
    public void Gradient_error_is_zero_for_a_perfect_matte_and_grows_when_the_edge_is_blurred()
    {
        var truth = new GroundTruthMatte(Square(32, 8, 24));
        Assert.Equal(0, MatteMetrics.GradientError(truth.Alpha, truth), 9);
        var blurred = truth.Alpha.Clone();
        BoxFilter.MeanInPlace(blurred.Values, 32, 32, 2);
        Assert.True(MatteMetrics.GradientError(blurred, truth) > 1e-3);
    }

    [Fact]
    public void Colour_bleed_is_zero_for_the_true_cutout_and_counts_the_old_background_left_in_an_edge()
    {
        var alpha = Square(32, 8, 24);
        var truth = new GroundTruthMatte(alpha);
        var photo = Solid(32, 200, 40, 40);
        var cutout = photo.Clone();
        for (int i = 0; i < alpha.Values.Length; i++)
            cutout.Pixels[i * 4 + 3] = (byte)(alpha.Values[i] * 255);
        Assert.Equal(0, MatteMetrics.ColourBleed(cutout, photo, truth), 9);

        // Half-transparent pixels just outside the square show their (wrong) colour over both backdrops.
        for (int y = 8; y < 24; y++)
            cutout.Pixels[(y * 32 + 7) * 4 + 3] = 128;
        Assert.True(MatteMetrics.ColourBleed(cutout, photo, truth) > 1);
    }

    internal static AlphaMatte Square(int size, int from, int to)
    {
        var alpha = new AlphaMatte(size, size);
        for (int y = from; y < to; y++)
            for (int x = from; x < to; x++)
                alpha[x, y] = 1f;
        return alpha;
    }

    internal static RgbaImage Solid(int size, byte r, byte g, byte b)
    {
        var image = new RgbaImage(size, size);
        for (int i = 0; i < image.PixelCount; i++)
            (image.Pixels[i * 4], image.Pixels[i * 4 + 1], image.Pixels[i * 4 + 2], image.Pixels[i * 4 + 3]) = (r, g, b, 255);
        return image;
    }

    [Fact]
    public void Edge_colour_error_counts_the_colours_shown_along_the_outline_and_not_the_alpha()
    {
        var truth = Truth(0, 0, 1, 1);
        var foreground = new RgbaImage(4, 1);
        foreground.Pixels.AsSpan().Fill(200);
        var cutout = foreground.Clone();
        Assert.Equal(0, MatteMetrics.EdgeColourError(cutout, foreground, truth), 9);
        // A green rim on the first foreground pixel: (|0−200| + |255−200| + |0−200|) / 3 over 2 pixels.
        cutout.Pixels[8] = 0;
        cutout.Pixels[9] = 255;
        cutout.Pixels[10] = 0;
        Assert.Equal(455.0 / 6, MatteMetrics.EdgeColourError(cutout, foreground, truth), 6);
        // Hidden pixels (alpha below one half) do not count, whatever their colour.
        cutout.Pixels[11] = 0;
        Assert.Equal(0, MatteMetrics.EdgeColourError(cutout, foreground, truth), 9);
    }
}
