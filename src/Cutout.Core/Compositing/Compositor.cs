using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Compositing;

/// <summary>The composed picture and what the encoder should know about it.</summary>
public sealed record CompositionResult(RgbaImage Image, bool IsOpaque, OutputFormat? PreferredFormat = null);

/// <summary>Places the cutout on its background.</summary>
public static class Compositor
{
    public static CompositionResult Compose(RgbaImage original, RefinedMatte matte, CompositionOptions options)
    {
        if (options.Background is not SolidBackground solid)
            return new CompositionResult(matte.Foreground, IsOpaque: false);

        var output = new RgbaImage(original.Width, original.Height);
        var src = matte.Foreground.Pixels;
        var dst = output.Pixels;
        var a = matte.Alpha.Values;
        for (int i = 0; i < a.Length; i++)
        {
            float alpha = Math.Clamp(a[i], 0f, 1f);
            int o = i * 4;
            dst[o] = (byte)(src[o] * alpha + solid.Color.R * (1 - alpha) + 0.5f);
            dst[o + 1] = (byte)(src[o + 1] * alpha + solid.Color.G * (1 - alpha) + 0.5f);
            dst[o + 2] = (byte)(src[o + 2] * alpha + solid.Color.B * (1 - alpha) + 0.5f);
            dst[o + 3] = 255;
        }
        return new CompositionResult(output, IsOpaque: true);
    }
}
