using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>Resizing of single-channel float planes.</summary>
internal static class Resampling
{
    /// <summary>Bilinear resize with pixel-centre alignment (the convention of the model's own resize).</summary>
    public static AlphaMatte ResizeBilinear(AlphaMatte source, int width, int height)
    {
        var output = new AlphaMatte(width, height);
        float sx = (float)source.Width / width, sy = (float)source.Height / height;
        var src = source.Values;
        int sw = source.Width, sh = source.Height;
        Parallel.For(0, height, y =>
        {
            float fy = Math.Clamp((y + 0.5f) * sy - 0.5f, 0, sh - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, sh - 1);
            float wy = fy - y0;
            var row = output.Row(y);
            for (int x = 0; x < width; x++)
            {
                float fx = Math.Clamp((x + 0.5f) * sx - 0.5f, 0, sw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, sw - 1);
                float wx = fx - x0;
                float top = src[y0 * sw + x0] + (src[y0 * sw + x1] - src[y0 * sw + x0]) * wx;
                float bottom = src[y1 * sw + x0] + (src[y1 * sw + x1] - src[y1 * sw + x0]) * wx;
                row[x] = top + (bottom - top) * wy;
            }
        });
        return output;
    }

    /// <summary>
    /// Reduces a plane by an integer factor, each output value the mean of its factor x factor block
    /// (the same block grid as <see cref="ColourPlanes.FromImage"/>).
    /// </summary>
    public static float[] DownsampleArea(float[] source, int width, int height, int factor)
    {
        if (factor == 1)
            return (float[])source.Clone();
        int ow = (width + factor - 1) / factor, oh = (height + factor - 1) / factor;
        var output = new float[ow * oh];
        Parallel.For(0, oh, y =>
        {
            int sy0 = y * factor, sy1 = Math.Min(sy0 + factor, height);
            for (int x = 0; x < ow; x++)
            {
                int sx0 = x * factor, sx1 = Math.Min(sx0 + factor, width);
                float sum = 0;
                for (int sy = sy0; sy < sy1; sy++)
                    for (int sx = sx0; sx < sx1; sx++)
                        sum += source[sy * width + sx];
                output[y * ow + x] = sum / ((sy1 - sy0) * (sx1 - sx0));
            }
        });
        return output;
    }

    /// <summary>
    /// The two neighbouring samples of a block-reduced plane (block size <paramref name="factor"/>,
    /// <paramref name="size"/> samples) around full-resolution coordinate <paramref name="x"/>, and the
    /// weight of the second: bilinear upsampling that puts each sample at its block's centre.
    /// </summary>
    internal static (int First, int Second, float Weight) BlockTap(int x, int factor, int size)
    {
        if (factor == 1)
            return (x, x, 0f);
        float position = Math.Clamp((x - (factor - 1) * 0.5f) / factor, 0f, size - 1);
        int first = (int)position;
        return (first, Math.Min(first + 1, size - 1), position - first);
    }

    /// <summary><see cref="BlockTap"/> for every coordinate 0..<paramref name="length"/>−1, for loops that reuse them on every row.</summary>
    internal static (int First, int Second, float Weight)[] BlockTaps(int length, int factor, int size)
    {
        var taps = new (int, int, float)[length];
        for (int x = 0; x < length; x++)
            taps[x] = BlockTap(x, factor, size);
        return taps;
    }

    /// <summary>Vertical step of block-grid upsampling: the row at weight <paramref name="weight"/> between two sample rows.</summary>
    internal static void InterpolateRows(float[] plane, int width, int firstRow, int secondRow, float weight, Span<float> output)
    {
        var first = plane.AsSpan(firstRow * width, width);
        var second = plane.AsSpan(secondRow * width, width);
        for (int x = 0; x < width; x++)
            output[x] = first[x] + (second[x] - first[x]) * weight;
    }
}
