using System.Buffers;
using System.Numerics;

namespace Cutout.Matting;

/// <summary>
/// Mean over a (2r+1)x(2r+1) window of a row-major float plane, in O(1) per pixel whatever the radius
/// (running sums). Windows are clipped at the borders and divided by the number of pixels they really
/// cover, so a constant plane stays constant up to the edge. The guided filter, the matting Laplacian
/// and the foreground estimation are all built from this one operation.
/// </summary>
internal static class BoxFilter
{
    // Column strips this wide keep the vertical pass's running sums in L1 and give each core its own strip.
    private const int StripWidth = 512;

    /// <summary>
    /// Square dilation of a 0/1 <paramref name="mask"/>, in place: 1 wherever a set pixel lies within the
    /// window, else 0. A box mean above zero says exactly that, in O(1) per pixel whatever the radius.
    /// </summary>
    public static void DilateInPlace(float[] mask, int width, int height, int radius)
    {
        MeanInPlace(mask, width, height, radius);
        // Below the share of one set pixel in a full window, so only rounding noise of an empty window is cut.
        float anyInWindow = 0.5f / ((2 * radius + 1) * (2 * radius + 1));
        for (int i = 0; i < mask.Length; i++)
            mask[i] = mask[i] > anyInWindow ? 1f : 0f;
    }

    /// <summary>Replaces <paramref name="plane"/> by its box mean; allocates only two row-sized buffers per worker.</summary>
    public static void MeanInPlace(float[] plane, int width, int height, int radius)
    {
        if (radius <= 0)
            return;
        Parallel.For(0, height, () => new float[width], (y, _, scratch) =>
        {
            HorizontalMean(plane.AsSpan(y * width, width), scratch, radius);
            scratch.CopyTo(plane.AsSpan(y * width, width));
            return scratch;
        }, _ => { });

        int strips = (width + StripWidth - 1) / StripWidth;
        Parallel.For(0, strips, strip =>
        {
            int x0 = strip * StripWidth, w = Math.Min(StripWidth, width - x0);
            VerticalMean(plane, width, height, x0, w, radius);
        });
    }

    private static void HorizontalMean(ReadOnlySpan<float> row, Span<float> output, int radius)
    {
        int width = row.Length;
        float sum = 0;
        int right = Math.Min(radius, width - 1);
        for (int x = 0; x <= right; x++)
            sum += row[x];
        for (int x = 0; x < width; x++)
        {
            int lo = Math.Max(x - radius, 0), hi = Math.Min(x + radius, width - 1);
            output[x] = sum / (hi - lo + 1);
            if (x + radius + 1 < width)
                sum += row[x + radius + 1];
            if (x - radius >= 0)
                sum -= row[x - radius];
        }
    }

    private static void VerticalMean(float[] plane, int width, int height, int x0, int w, int radius)
    {
        // A ring of the 2r+2 most recent input rows is needed because the output overwrites the input.
        int ringRows = Math.Min(2 * radius + 2, height);
        float[] sums = ArrayPool<float>.Shared.Rent(w);
        float[] ring = ArrayPool<float>.Shared.Rent(ringRows * w);
        try
        {
            var sum = sums.AsSpan(0, w);
            sum.Clear();
            for (int y = 0; y <= Math.Min(radius, height - 1); y++)
                Add(sum, plane.AsSpan(y * width + x0, w));
            for (int y = 0; y < height; y++)
            {
                var row = plane.AsSpan(y * width + x0, w);
                row.CopyTo(ring.AsSpan(y % ringRows * w, w));
                int lo = Math.Max(y - radius, 0), hi = Math.Min(y + radius, height - 1);
                Scale(sum, row, 1f / (hi - lo + 1));
                if (y + radius + 1 < height)
                    Add(sum, plane.AsSpan((y + radius + 1) * width + x0, w));
                if (y - radius >= 0)
                    Subtract(sum, ring.AsSpan((y - radius) % ringRows * w, w));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(sums);
            ArrayPool<float>.Shared.Return(ring);
        }
    }

    private static void Add(Span<float> sum, ReadOnlySpan<float> values)
    {
        int i = 0;
        for (; i <= sum.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(sum[i..]) + new Vector<float>(values[i..])).CopyTo(sum[i..]);
        for (; i < sum.Length; i++)
            sum[i] += values[i];
    }

    private static void Subtract(Span<float> sum, ReadOnlySpan<float> values)
    {
        int i = 0;
        for (; i <= sum.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(sum[i..]) - new Vector<float>(values[i..])).CopyTo(sum[i..]);
        for (; i < sum.Length; i++)
            sum[i] -= values[i];
    }

    private static void Scale(ReadOnlySpan<float> values, Span<float> output, float factor)
    {
        int i = 0;
        for (; i <= values.Length - Vector<float>.Count; i += Vector<float>.Count)
            (new Vector<float>(values[i..]) * factor).CopyTo(output[i..]);
        for (; i < values.Length; i++)
            output[i] = values[i] * factor;
    }
}
