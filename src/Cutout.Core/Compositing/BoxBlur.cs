namespace Cutout.Compositing;

/// <summary>In-place separable box blur of a float plane (running sums, edge pixels repeated); O(pixels) for any radius.</summary>
internal static class BoxBlur
{
    public static void Apply(float[] plane, int width, int height, int radius)
    {
        if (radius <= 0)
            return;
        Parallel.For(0, height, () => new float[width], (y, _, line) =>
        {
            plane.AsSpan(y * width, width).CopyTo(line);
            Blur1D(line, plane.AsSpan(y * width, width), radius);
            return line;
        }, _ => { });
        Parallel.For(0, width, () => (new float[height], new float[height]), (x, _, buffers) =>
        {
            var (column, blurred) = buffers;
            for (int y = 0; y < height; y++)
                column[y] = plane[y * width + x];
            Blur1D(column, blurred, radius);
            for (int y = 0; y < height; y++)
                plane[y * width + x] = blurred[y];
            return buffers;
        }, _ => { });
    }

    private static void Blur1D(ReadOnlySpan<float> source, Span<float> target, int radius)
    {
        int n = source.Length;
        float sum = 0;
        for (int k = -radius; k <= radius; k++)
            sum += source[Math.Clamp(k, 0, n - 1)];
        float scale = 1f / (2 * radius + 1);
        for (int i = 0; i < n; i++)
        {
            target[i] = sum * scale;
            sum += source[Math.Min(n - 1, i + radius + 1)] - source[Math.Max(0, i - radius)];
        }
    }
}
