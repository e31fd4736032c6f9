using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class TrimapTests
{
    [Fact]
    public void Unknown_band_hugs_a_crisp_edge_and_spans_the_whole_soft_ramp()
    {
        // Left half of the image: crisp edge at x = 20. Right half: soft ramp from x = 10 to x = 30.
        const int w = 40, h = 40;
        var alpha = new AlphaMatte(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 0; x < w; x++)
                alpha[x, y] = y < 20 ? (x >= 20 ? 1f : 0f) : Math.Clamp((x - 10) / 20f, 0f, 1f);
        var trimap = Trimap.FromAlpha(alpha, 2, modelPixel: 0.25f);

        int UnknownInRow(int y) => Enumerable.Range(0, w).Count(x => trimap.Labels[y * w + x] == Trimap.Unknown);
        Assert.Equal(6, UnknownInRow(5));   // x = 17..22 around the crossing 19|20
        Assert.True(UnknownInRow(35) >= 20);
        Assert.Equal(Trimap.Background, trimap.Labels[5 * w]);
        Assert.Equal(Trimap.Foreground, trimap.Labels[5 * w + w - 1]);
        // Softness: the crisp edge has no mixed pixel; the middle of the ramp is all mixed pixels.
        Assert.Equal(0f, trimap.Softness[5 * w + 20]);
        Assert.Equal(1f, trimap.Softness[35 * w + 20], 4);
    }

    [Fact]
    public void Asked_for_soft_edges_the_whole_unknown_band_is_at_least_that_soft_and_the_sure_regions_untouched()
    {
        const int w = 40, h = 20;
        var alpha = new AlphaMatte(w, h);
        for (int y = 0; y < h; y++)
            for (int x = 20; x < w; x++)
                alpha[x, y] = 1f;
        var trimap = Trimap.FromAlpha(alpha, 2, modelPixel: 0.25f, edgeSoftness: 0.6f);

        for (int i = 0; i < w * h; i++)
            Assert.Equal(trimap.Labels[i] == Trimap.Unknown ? 0.6f : 0f, trimap.Softness[i]);
        Assert.Equal(Trimap.Unknown, trimap.Labels[10 * w + 20]);
    }
}
