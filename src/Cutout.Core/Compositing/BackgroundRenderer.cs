using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>Draws a <see cref="BackgroundSpec"/> at the output canvas size.</summary>
internal static class BackgroundRenderer
{
    /// <returns>The background pixels (straight alpha), or null for a transparent background.</returns>
    public static RgbaImage? Render(BackgroundSpec spec, LayoutPlan plan, RgbaImage original, AlphaMatte alpha)
    {
        int w = plan.CanvasWidth, h = plan.CanvasHeight;
        return spec switch
        {
            TransparentBackground => null,
            SolidBackground solid => Solid(solid, w, h),
            GradientBackground gradient => Gradient(gradient, w, h),
            SceneBackground scene => scene.Scene.Render(w, h),
            ImageBackground image => Picture(image, w, h),
            BlurBackground blur => Blurred(blur, plan, original, alpha),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec, "unknown background kind"),
        };
    }

    private static RgbaImage Solid(SolidBackground solid, int w, int h)
    {
        var image = new RgbaImage(w, h);
        byte a = (byte)(Math.Clamp(solid.Opacity, 0f, 1f) * 255f + 0.5f);
        uint packed = (uint)(solid.Color.R | solid.Color.G << 8 | solid.Color.B << 16 | a << 24);
        System.Runtime.InteropServices.MemoryMarshal.Cast<byte, uint>(image.Pixels.AsSpan()).Fill(packed);
        return image;
    }

    private static RgbaImage Gradient(GradientBackground gradient, int w, int h)
    {
        var colors = gradient.Stops.Select(s => new SKColor(s.Color.R, s.Color.G, s.Color.B, (byte)(Math.Clamp(s.Opacity, 0f, 1f) * 255f + 0.5f))).ToArray();
        var positions = StopPositions(gradient.Stops);
        SKShader shader;
        if (gradient.Shape == GradientShape.Linear)
        {
            // CSS gradient line: through the centre at the given angle, long enough that the corners get the end colours.
            float radians = gradient.AngleDegrees * MathF.PI / 180f;
            float dx = MathF.Sin(radians), dy = -MathF.Cos(radians);
            float half = (MathF.Abs(w * dx) + MathF.Abs(h * dy)) / 2f;
            var center = new SKPoint(w / 2f, h / 2f);
            shader = SKShader.CreateLinearGradient(
                new SKPoint(center.X - dx * half, center.Y - dy * half), new SKPoint(center.X + dx * half, center.Y + dy * half),
                colors, positions, SKShaderTileMode.Clamp);
        }
        else
        {
            // CSS default "farthest-corner": a circle reaches the corner; an ellipse keeps the canvas's proportions.
            float rx = gradient.Circle ? MathF.Sqrt(w * w + h * h) / 2f : w / 2f * MathF.Sqrt(2f);
            float ry = gradient.Circle ? rx : h / 2f * MathF.Sqrt(2f);
            var stretch = SKMatrix.CreateScale(1f, ry / rx, w / 2f, h / 2f);
            shader = SKShader.CreateRadialGradient(new SKPoint(w / 2f, h / 2f), rx, colors, positions, SKShaderTileMode.Clamp, stretch);
        }
        using (shader)
            return Paint(w, h, canvas =>
            {
                using var paint = new SKPaint { Shader = shader, IsDither = true };
                canvas.DrawRect(0, 0, w, h, paint);
            });
    }

    /// <summary>Stop positions as CSS spreads them: missing ones evenly between their neighbours, first 0, last 1.</summary>
    private static float[] StopPositions(IReadOnlyList<GradientStop> stops)
    {
        var positions = stops.Select(s => s.Position ?? float.NaN).ToArray();
        if (float.IsNaN(positions[0]))
            positions[0] = 0f;
        if (float.IsNaN(positions[^1]))
            positions[^1] = 1f;
        for (int i = 1; i < positions.Length; i++)
        {
            if (!float.IsNaN(positions[i]))
            {
                positions[i] = Math.Max(positions[i], positions[i - 1]);
                continue;
            }
            int next = i;
            while (float.IsNaN(positions[next]))
                next++;
            for (int k = i; k < next; k++)
                positions[k] = positions[i - 1] + (positions[next] - positions[i - 1]) * (k - i + 1) / (next - i + 1);
        }
        return positions;
    }

    private static RgbaImage Picture(ImageBackground spec, int w, int h)
    {
        if (!File.Exists(spec.Path))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"background image not found: {spec.Path}");
        var picture = ImageDecoder.Decode(File.ReadAllBytes(spec.Path)).Image;
        float sx = (float)w / picture.Width, sy = (float)h / picture.Height;
        var matrix = spec.Fit switch
        {
            ImageFit.Stretch => SKMatrix.CreateScale(sx, sy),
            _ => CenteredScale(spec.Fit == ImageFit.Cover ? Math.Max(sx, sy) : Math.Min(sx, sy), picture, w, h),
        };
        return SkiaPixels.Transform(picture, matrix, w, h);
    }

    private static SKMatrix CenteredScale(float scale, RgbaImage picture, int w, int h) =>
        new(scale, 0, (w - picture.Width * scale) / 2f, 0, scale, (h - picture.Height * scale) / 2f, 0, 0, 1);

    /// <summary>
    /// The photo's background with the subject removed (filled from its surroundings, so the subject's colours
    /// cannot smear into the blur as a halo), blurred like an out-of-focus lens and placed like the subject.
    /// Worked at a resolution where the blur is still ≥ 3 px wide: a blur has no fine detail to lose.
    /// </summary>
    private static RgbaImage Blurred(BlurBackground blur, LayoutPlan plan, RgbaImage original, AlphaMatte alpha)
    {
        float sigma = blur.RadiusFor(plan.CanvasWidth, plan.CanvasHeight) / 2f / plan.Scale;
        int factor = Math.Max(1, (int)(sigma / 3f));
        var photo = ReducedResolution.Photo(original, factor);
        var subject = ReducedResolution.AlphaBlockMax(alpha, factor);
        int w = photo.Width, h = photo.Height;
        var weights = BackgroundWeights(subject, Math.Max(1, (int)(Math.Max(original.Width, original.Height) * 0.004f / factor)));
        var values = new float[w * h * 3];
        var px = photo.Pixels;
        Parallel.For(0, h, y =>
        {
            for (int i = y * w; i < (y + 1) * w; i++)
                for (int c = 0; c < 3; c++)
                    values[i * 3 + c] = LinearLight.ToLinear(px[i * 4 + c]);
        });
        PushPullFill.Fill(values, weights, w, h, 3);
        var filled = new RgbaImage(w, h);
        var fp = filled.Pixels;
        Parallel.For(0, h, y =>
        {
            for (int i = y * w; i < (y + 1) * w; i++)
            {
                for (int c = 0; c < 3; c++)
                    fp[i * 4 + c] = LinearLight.ToSrgb(values[i * 3 + c]);
                fp[i * 4 + 3] = 255;
            }
        });

        using var filter = SKImageFilter.CreateBlur(sigma / factor, sigma / factor, SKShaderTileMode.Clamp);
        var blurred = SkiaPixels.Transform(filled, SKMatrix.Identity, w, h, filter);
        var placement = plan.Matrix.PreConcat(SKMatrix.CreateScale(factor, factor));
        return Paint(plan.CanvasWidth, plan.CanvasHeight, canvas =>
        {
            using var image = SkiaPixels.ToSkImage(blurred);
            using var shader = image.ToShader(SKShaderTileMode.Clamp, SKShaderTileMode.Clamp, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear), placement);
            using var paint = new SKPaint { Shader = shader };
            canvas.DrawRect(0, 0, plan.CanvasWidth, plan.CanvasHeight, paint);
        });
    }

    /// <summary>1 where the pixel is clean background, 0 on the subject and a band of <paramref name="guard"/> px around it (its halo).</summary>
    private static float[] BackgroundWeights(AlphaMatte alpha, int guard)
    {
        var near = new float[alpha.Values.Length];
        var a = alpha.Values;
        for (int i = 0; i < near.Length; i++)
            near[i] = a[i] > 0.02f ? 1f : 0f;
        // Dilation of a 0/1 plane: a box sum over the (2·guard+1)² window is positive exactly where the window holds subject.
        BoxBlur.Apply(near, alpha.Width, alpha.Height, guard);
        for (int i = 0; i < near.Length; i++)
            near[i] = near[i] > 1e-6f ? 0f : 1f;
        return near;
    }

    private static RgbaImage Paint(int w, int h, Action<SKCanvas> draw)
    {
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not create a {w}x{h} surface.");
        draw(surface.Canvas);
        return SkiaPixels.Read(surface, w, h);
    }
}
