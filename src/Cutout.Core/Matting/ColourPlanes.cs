using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>An image's R, G and B as separate 0..1 float planes, the layout the filters and solvers work on.</summary>
internal sealed record ColourPlanes(int Width, int Height, float[] R, float[] G, float[] B)
{
    /// <summary>
    /// The image reduced by an integer <paramref name="factor"/>, each output pixel the mean of its
    /// factor x factor block (area averaging: no aliasing, and the block grid is exactly what
    /// <see cref="LinearCoefficients"/> upsampling assumes). Factor 1 is a plain conversion.
    /// </summary>
    public static ColourPlanes FromImage(RgbaImage image, int factor)
    {
        int width = (image.Width + factor - 1) / factor, height = (image.Height + factor - 1) / factor;
        var planes = new ColourPlanes(width, height, new float[width * height], new float[width * height], new float[width * height]);
        Parallel.For(0, height, y =>
        {
            int sy0 = y * factor, sy1 = Math.Min(sy0 + factor, image.Height);
            for (int x = 0; x < width; x++)
            {
                int sx0 = x * factor, sx1 = Math.Min(sx0 + factor, image.Width);
                int r = 0, g = 0, b = 0;
                for (int sy = sy0; sy < sy1; sy++)
                {
                    var row = image.Row(sy);
                    for (int sx = sx0; sx < sx1; sx++)
                    {
                        r += row[sx * 4];
                        g += row[sx * 4 + 1];
                        b += row[sx * 4 + 2];
                    }
                }
                float scale = 1f / (255f * (sy1 - sy0) * (sx1 - sx0));
                int i = y * width + x;
                planes.R[i] = r * scale;
                planes.G[i] = g * scale;
                planes.B[i] = b * scale;
            }
        });
        return planes;
    }
}
