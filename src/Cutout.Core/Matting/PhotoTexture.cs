namespace Cutout.Matting;

/// <summary>
/// How textured the photo is around each working pixel: the local mean of its fine grey-level detail
/// (each pixel's distance from its 3x3 mean), mapped to 0 (smooth) .. 1 (hair, fur, grass, mesh). The
/// model draws most hair, fur and plant edges as crisply as a product's outline; the photo tells them
/// apart, because strands, tufts and wires make fine detail all across the edge band while a hard
/// outline has smooth colour on both sides of one step.
/// </summary>
internal static class PhotoTexture
{
    // Detail (0..1 grey levels) below Low is smooth, above High fully textured. Chosen on the soft
    // mattes and the binary dev set together (`bench quality`, MatteRefiner's contrast 1.5 faded by
    // texture): 0.02..0.06 kept the dev set's band error at −20.4% of raw (−22.8% unfaded) and took the
    // soft mattes' gradient error from +29% to +20% of raw; 0.01..0.03 lost half the dev set's band
    // gain (−11.7%) for little more on the soft set (+16%).
    private const float Low = 0.02f, High = 0.06f;
    // Window radius in model pixels, as Trimap's softness window: the detail is judged over the
    // width the model's own edge uncertainty spans.
    private const float RadiusInModelPixels = 8f;

    public static float[] Measure(ColourPlanes guide, float modelPixel)
    {
        int w = guide.Width, h = guide.Height;
        var grey = new float[w * h];
        for (int i = 0; i < grey.Length; i++)
            grey[i] = (guide.R[i] + guide.G[i] + guide.B[i]) / 3f;
        var detail = (float[])grey.Clone();
        BoxFilter.MeanInPlace(detail, w, h, 1);
        for (int i = 0; i < grey.Length; i++)
            detail[i] = Math.Abs(grey[i] - detail[i]);
        BoxFilter.MeanInPlace(detail, w, h, Math.Max(2, (int)MathF.Round(RadiusInModelPixels * modelPixel)));
        for (int i = 0; i < detail.Length; i++)
            detail[i] = Math.Clamp((detail[i] - Low) / (High - Low), 0f, 1f);
        return detail;
    }
}
