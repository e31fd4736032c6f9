using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class MatteCleanupTests
{
    private const int Size = 1024;

    // A 160x160 subject in a 1024x1024 model output.
    private static AlphaMatte Subject()
    {
        var alpha = new AlphaMatte(Size, Size);
        Fill(alpha, 48, 48, 160, 160, 1f);
        return alpha;
    }

    private static void Fill(AlphaMatte alpha, int x0, int y0, int w, int h, float value)
    {
        for (int y = y0; y < y0 + h; y++)
            for (int x = x0; x < x0 + w; x++)
                alpha[x, y] = value;
    }

    [Fact]
    public void A_small_speck_away_from_the_subject_is_removed()
    {
        var alpha = Subject();
        Fill(alpha, 10, 10, 4, 4, 0.9f);
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(0f, alpha[11, 11]);
        Assert.Equal(1f, alpha[128, 128]);
    }

    [Fact]
    public void A_pinhole_inside_the_subject_is_filled()
    {
        var alpha = Subject();
        Fill(alpha, 100, 100, 3, 3, 0f);
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(1f, alpha[101, 101]);
    }

    [Fact]
    public void A_real_gap_inside_the_subject_stays_open()
    {
        var alpha = Subject();
        Fill(alpha, 90, 90, 30, 30, 0f); // like the space inside a handle
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(0f, alpha[100, 100]);
    }

    [Fact]
    public void The_opening_of_a_grid_stays_open()
    {
        // A hand truck's or a chair back's openings are a few model pixels across; filling them as pinholes
        // cost the objects with thin parts 0.004 IoU.
        var alpha = Subject();
        Fill(alpha, 100, 100, 6, 6, 0f);
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(0f, alpha[102, 102]);
    }

    [Fact]
    public void A_small_translucent_part_keeps_its_partial_alpha()
    {
        var alpha = Subject();
        Fill(alpha, 100, 100, 3, 3, 0.35f);
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(0.35f, alpha[101, 101]);
    }

    [Fact]
    public void A_second_subject_of_real_size_is_kept()
    {
        var alpha = new AlphaMatte(Size, Size);
        Fill(alpha, 10, 10, 100, 100, 1f);
        Fill(alpha, 150, 150, 20, 20, 1f); // under 0.1% of the image, but 4% of the largest region: kept
        MatteCleanup.RemoveIslandsAndFillHoles(alpha);
        Assert.Equal(1f, alpha[160, 160]);
    }
}
