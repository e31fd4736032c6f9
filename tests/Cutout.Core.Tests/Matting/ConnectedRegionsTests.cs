using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class ConnectedRegionsTests
{
    private static bool[] Mask(params string[] rows) => rows.SelectMany(row => row.Select(c => c == '#')).ToArray();

    [Fact]
    public void Two_arms_that_meet_only_at_the_bottom_are_one_region()
    {
        var regions = ConnectedRegions.Label(5, 4, Mask(
            "#...#",
            "#...#",
            "#...#",
            "#####"));
        Assert.Equal([11], regions.Sizes);
        Assert.Equal(0, regions.Labels[4]);
    }

    [Fact]
    public void Pixels_touching_only_at_a_corner_are_separate_regions_numbered_in_reading_order()
    {
        var regions = ConnectedRegions.Label(4, 4, Mask(
            "....",
            ".#..",
            "..##",
            "...."));
        Assert.Equal([1, 2], regions.Sizes);
        Assert.Equal(0, regions.Labels[5]);
        Assert.Equal(1, regions.Labels[10]);
        Assert.Equal(-1, regions.Labels[0]);
        Assert.Equal([false, true], regions.TouchesBorder);
    }

    [Fact]
    public void A_region_touching_any_edge_of_the_image_is_marked()
    {
        var regions = ConnectedRegions.Label(5, 3, Mask(
            "....#",
            ".#...",
            "....."));
        Assert.Equal([true, false], regions.TouchesBorder);
    }

    [Fact]
    public void Every_region_of_a_random_mask_is_connected_and_no_two_neighbours_differ()
    {
        const int width = 97, height = 61;
        var random = new Random(7);
        var member = Enumerable.Range(0, width * height).Select(_ => random.NextDouble() < 0.55).ToArray();
        var regions = ConnectedRegions.Label(width, height, member);
        var labels = regions.Labels;
        for (int i = 0; i < labels.Length; i++)
        {
            Assert.Equal(member[i], labels[i] >= 0);
            if (member[i] && i % width < width - 1 && member[i + 1])
                Assert.Equal(labels[i], labels[i + 1]);
            if (member[i] && i + width < labels.Length && member[i + width])
                Assert.Equal(labels[i], labels[i + width]);
        }
        // Each label's pixels are reachable from its first pixel without leaving the label, and first pixels come in reading order.
        var firstPixels = Enumerable.Range(0, regions.Sizes.Count).Select(label => Array.IndexOf(labels, label)).ToArray();
        Assert.Equal(firstPixels.Order(), firstPixels);
        for (int label = 0; label < regions.Sizes.Count; label++)
            Assert.Equal(regions.Sizes[label], Reachable(labels, width, firstPixels[label]));
    }

    private static int Reachable(int[] labels, int width, int from)
    {
        var seen = new HashSet<int> { from };
        var queue = new Queue<int>([from]);
        void Visit(int j)
        {
            if (j >= 0 && j < labels.Length && labels[j] == labels[from] && seen.Add(j))
                queue.Enqueue(j);
        }
        while (queue.TryDequeue(out int i))
        {
            if (i % width > 0)
                Visit(i - 1);
            if (i % width < width - 1)
                Visit(i + 1);
            Visit(i - width);
            Visit(i + width);
        }
        return seen.Count;
    }
}
