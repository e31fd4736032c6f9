namespace Cutout.Matting;

/// <summary>Resizing of single-channel float planes.</summary>
public static class Resampling
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
}
