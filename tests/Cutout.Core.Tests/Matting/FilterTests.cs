using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class FilterTests
{
    [Fact]
    public void Box_mean_equals_the_brute_force_window_mean_including_clipped_borders()
    {
        const int w = 37, h = 23, r = 4;
        var random = new Random(7);
        var plane = Enumerable.Range(0, w * h).Select(_ => (float)random.NextDouble()).ToArray();
        var filtered = (float[])plane.Clone();
        BoxFilter.MeanInPlace(filtered, w, h, r);
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                double sum = 0;
                int count = 0;
                for (int yy = Math.Max(0, y - r); yy <= Math.Min(h - 1, y + r); yy++)
                    for (int xx = Math.Max(0, x - r); xx <= Math.Min(w - 1, x + r); xx++, count++)
                        sum += plane[yy * w + xx];
                Assert.Equal(sum / count, filtered[y * w + x], 4);
            }
        }
    }

    [Fact]
    public void Guided_filter_moves_a_misplaced_mask_edge_onto_the_colour_edge_of_the_guide()
    {
        // Guide: dark left half, bright right half (edge between x = 15 and 16). The mask's edge is 3 px off.
        const int size = 32;
        var guide = new ColourPlanes(size, size, new float[size * size], new float[size * size], new float[size * size]);
        var mask = new float[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                float v = x >= 16 ? 0.9f : 0.1f;
                (guide.R[y * size + x], guide.G[y * size + x], guide.B[y * size + x]) = (v, v * 0.8f, v * 0.6f);
                mask[y * size + x] = x >= 19 ? 1f : 0f;
            }
        }
        var filtered = new GuidedFilter(guide, 4, 1e-3f).Filter(mask);
        int row = 16 * size;
        var steps = Enumerable.Range(0, size - 1).Select(x => filtered[row + x + 1] - filtered[row + x]).ToArray();
        // The steepest rise of the filtered alpha is at the colour edge (15 → 16), not where the mask had it (18 → 19).
        Assert.Equal(15, Array.IndexOf(steps, steps.Max()));
        Assert.True(steps[15] > 2 * steps[18], $"rise at the colour edge {steps[15]:F3}, at the old mask edge {steps[18]:F3}");
    }
}
