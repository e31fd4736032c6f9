namespace Cutout.Compositing;

/// <summary>
/// Fills holes in a multi-channel float image from its surroundings with the push-pull pyramid
/// (Gortler et al., "The Lumigraph", 1996): weighted averages are pushed down a 2× pyramid until every
/// cell has support, then pulled back up into the holes. Any hole size, O(pixels), smooth result: right
/// for hiding the subject before blurring the background, or for continuing a shadow under the subject.
/// </summary>
internal static class PushPullFill
{
    /// <param name="values">Row-major pixels with <paramref name="channels"/> floats each; holes are overwritten.</param>
    /// <param name="weights">0 = hole, 1 = known; values in between are trusted partly.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <param name="channels">Floats per pixel in <paramref name="values"/>.</param>
    public static void Fill(float[] values, float[] weights, int width, int height, int channels)
    {
        if (width <= 1 && height <= 1)
            return;
        int cw = (width + 1) / 2, ch = (height + 1) / 2;
        var coarse = new float[cw * ch * channels];
        var coarseWeights = new float[cw * ch];
        for (int y = 0; y < ch; y++)
            for (int x = 0; x < cw; x++)
            {
                float wsum = 0;
                int c0 = (y * cw + x) * channels;
                for (int dy = 0; dy < 2; dy++)
                    for (int dx = 0; dx < 2; dx++)
                    {
                        int sx = Math.Min(2 * x + dx, width - 1), sy = Math.Min(2 * y + dy, height - 1);
                        int si = sy * width + sx;
                        float w = weights[si];
                        wsum += w;
                        for (int c = 0; c < channels; c++)
                            coarse[c0 + c] += values[si * channels + c] * w;
                    }
                if (wsum > 0)
                    for (int c = 0; c < channels; c++)
                        coarse[c0 + c] /= wsum;
                coarseWeights[y * cw + x] = Math.Min(1f, wsum);
            }

        if (coarseWeights.Any(w => w < 1f))
            Fill(coarse, coarseWeights, cw, ch, channels);

        Parallel.For(0, height, y =>
        {
            // Bilinear pull from the coarse level, blended in where this level lacks weight.
            float fy = Math.Clamp((y + 0.5f) / 2f - 0.5f, 0, ch - 1);
            int y0 = (int)fy, y1 = Math.Min(y0 + 1, ch - 1);
            float wy = fy - y0;
            for (int x = 0; x < width; x++)
            {
                int i = y * width + x;
                float w = Math.Clamp(weights[i], 0f, 1f);
                if (w >= 1f)
                    continue;
                float fx = Math.Clamp((x + 0.5f) / 2f - 0.5f, 0, cw - 1);
                int x0 = (int)fx, x1 = Math.Min(x0 + 1, cw - 1);
                float wx = fx - x0;
                for (int c = 0; c < channels; c++)
                {
                    float top = coarse[(y0 * cw + x0) * channels + c] * (1 - wx) + coarse[(y0 * cw + x1) * channels + c] * wx;
                    float bottom = coarse[(y1 * cw + x0) * channels + c] * (1 - wx) + coarse[(y1 * cw + x1) * channels + c] * wx;
                    float pulled = top * (1 - wy) + bottom * wy;
                    ref float v = ref values[i * channels + c];
                    v = v * w + pulled * (1 - w);
                }
            }
        });
    }
}
