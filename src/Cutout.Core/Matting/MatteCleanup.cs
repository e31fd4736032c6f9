using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>
/// Removes the segmentation model's two typical topological slips on its own low-resolution alpha:
/// small specks it marked as foreground away from the subject (islands) and small background
/// pinholes inside the subject (holes). Large background regions inside the subject are real gaps
/// (between arm and body, inside a handle) and stay; translucent regions are never made opaque.
/// </summary>
internal static class MatteCleanup
{
    // An island is at most this fraction of the image and of the largest foreground region; one
    // model pixel at 1024² is 1e-6 of the image, so 0.02% is a speck of about 14x14 model pixels. Up to
    // 32x32 also removed detached parts of objects (their IoU against the raw model went from +0.0002 to
    // −0.0003); the soft and dev photos measure the same with either.
    private const double MaxIslandShareOfImage = 0.0002;
    private const double MaxIslandShareOfLargest = 0.02;
    // Holes: a pinhole of at most about 4x4 model pixels. Up to 16x16 also filled real openings in grids
    // and frames: the objects with thin parts lost 0.004 IoU against the raw model (dis-handtruck-01 0.924 →
    // 0.896) and the soft mattes' gradient error rose by 1.6 points; at 4x4 every set measures as with no filling.
    private const double MaxHoleShareOfImage = 0.000016;
    // Pixels above this alpha belong to a region's support (its soft rim included).
    private const float SupportAlpha = 0.1f;
    // A hole whose mean alpha exceeds this is translucent material (veil, glass), not a false hole.
    private const float MaxHoleMeanAlpha = 0.2f;

    public static void RemoveIslandsAndFillHoles(AlphaMatte alpha)
    {
        var a = alpha.Values;
        int pixels = a.Length;
        var regions = ConnectedRegions.Label(alpha.Width, alpha.Height, Mask(a, value => value > SupportAlpha));
        int largest = regions.Sizes.Count == 0 ? 0 : regions.Sizes.Max();
        var isIsland = regions.Sizes.Select(size => size < MaxIslandShareOfImage * pixels && size < MaxIslandShareOfLargest * largest).ToArray();
        if (isIsland.Any(x => x))
        {
            for (int i = 0; i < pixels; i++)
                if (regions.Labels[i] >= 0 && isIsland[regions.Labels[i]])
                    a[i] = 0f;
        }

        var gaps = ConnectedRegions.Label(alpha.Width, alpha.Height, Mask(a, value => value < 0.5f));
        var alphaSum = new double[gaps.Sizes.Count];
        for (int i = 0; i < pixels; i++)
            if (gaps.Labels[i] >= 0)
                alphaSum[gaps.Labels[i]] += a[i];
        var isHole = new bool[gaps.Sizes.Count];
        for (int k = 0; k < isHole.Length; k++)
            isHole[k] = !gaps.TouchesBorder[k] && gaps.Sizes[k] < MaxHoleShareOfImage * pixels && alphaSum[k] / gaps.Sizes[k] <= MaxHoleMeanAlpha;
        for (int i = 0; i < pixels; i++)
            if (gaps.Labels[i] >= 0 && isHole[gaps.Labels[i]])
                a[i] = 1f;
    }

    private static bool[] Mask(float[] values, Func<float, bool> isMember)
    {
        var mask = new bool[values.Length];
        for (int i = 0; i < mask.Length; i++)
            mask[i] = isMember(values[i]);
        return mask;
    }
}

/// <summary>4-connected regions of the pixels in a mask (label −1 = not in any region).</summary>
internal sealed record ConnectedRegions(int[] Labels, List<int> Sizes, List<bool> TouchesBorder)
{
    public static ConnectedRegions Label(int width, int height, bool[] member)
    {
        var labels = new int[width * height];
        Array.Fill(labels, -1);
        var sizes = new List<int>();
        var touchesBorder = new List<bool>();
        // Each pixel is pushed at most once (it is labelled when pushed), so the stack never outgrows the image.
        var stack = new int[labels.Length];
        for (int seed = 0; seed < labels.Length; seed++)
        {
            if (labels[seed] >= 0 || !member[seed])
                continue;
            int label = sizes.Count, size = 0, top = 0;
            bool border = false;
            labels[seed] = label;
            stack[top++] = seed;
            while (top > 0)
            {
                int i = stack[--top];
                size++;
                int x = i % width, y = i / width;
                border |= x == 0 || y == 0 || x == width - 1 || y == height - 1;
                if (x > 0 && labels[i - 1] < 0 && member[i - 1])
                    (labels[i - 1], stack[top++]) = (label, i - 1);
                if (x < width - 1 && labels[i + 1] < 0 && member[i + 1])
                    (labels[i + 1], stack[top++]) = (label, i + 1);
                if (y > 0 && labels[i - width] < 0 && member[i - width])
                    (labels[i - width], stack[top++]) = (label, i - width);
                if (y < height - 1 && labels[i + width] < 0 && member[i + width])
                    (labels[i + width], stack[top++]) = (label, i + width);
            }
            sizes.Add(size);
            touchesBorder.Add(border);
        }
        return new ConnectedRegions(labels, sizes, touchesBorder);
    }
}
