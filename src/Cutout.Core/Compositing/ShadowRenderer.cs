using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>
/// Renders the shadow layer on the output canvas as a darkness plane (0 = untouched, 1 = black), which the
/// compositor lays over the background before the subject.
/// </summary>
internal static class ShadowRenderer
{
    /// <summary>Darkening below this share is treated as background texture or lighting gradient, not shadow.</summary>
    private const float ShadowNoiseFloor = 0.08f;

    public static float[]? Render(ShadowSpec spec, RgbaImage original, AlphaMatte alpha, PixelRect subject, LayoutPlan plan, RgbaImage placedForeground)
    {
        if (spec.Kind == ShadowKind.None || subject.IsEmpty || plan.SubjectOnCanvas.IsEmpty)
            return null;
        float size = plan.SubjectOnCanvas.LongestSide;
        return spec.Kind switch
        {
            ShadowKind.Keep => KeepCastShadow(original, alpha, subject, plan, spec),
            ShadowKind.Drop => DropShadow(placedForeground, spec, size),
            ShadowKind.Contact => ContactShadow(placedForeground, plan.SubjectOnCanvas, spec),
            _ => null,
        };
    }

    /// <summary>
    /// The photo's own shadow: how much darker each pixel near the subject's base is than the clean background
    /// there would be. The clean background is interpolated (push-pull) from pixels outside the zone where a cast
    /// shadow can fall, so a shoe on white yields its soft grey shadow and an evenly lit background yields none.
    /// </summary>
    internal static float[] EstimateCastShadow(RgbaImage original, AlphaMatte alpha, PixelRect subject)
    {
        int w = original.Width, h = original.Height;
        // Cast shadows fall around the lower half of the subject and onto the floor in front of it.
        int zoneLeft = Math.Max(0, subject.X - subject.Width / 2), zoneRight = Math.Min(w, subject.Right + subject.Width / 2);
        int zoneTop = Math.Max(0, subject.Y + subject.Height / 2), zoneBottom = Math.Min(h, subject.Bottom + subject.Height * 35 / 100);
        float falloff = Math.Max(2f, 0.1f * Math.Min(subject.Width, subject.Height));

        var luminance = new float[w * h];
        var referenceWeights = new float[w * h];
        var shadow = new float[w * h];
        var shadowWeights = new float[w * h];
        var px = original.Pixels;
        var a = alpha.Values;
        Parallel.For(0, h, y =>
        {
            for (int x = 0; x < w; x++)
            {
                int i = y * w + x;
                luminance[i] = LinearLight.Luminance(LinearLight.ToLinear(px[i * 4]), LinearLight.ToLinear(px[i * 4 + 1]), LinearLight.ToLinear(px[i * 4 + 2]));
                bool background = a[i] < 0.02f;
                bool inZone = x >= zoneLeft && x < zoneRight && y >= zoneTop && y < zoneBottom;
                referenceWeights[i] = background && !inZone ? 1f : 0f;
                shadowWeights[i] = background ? 1f : 0f;
            }
        });

        // Two estimates of the unshadowed background, and the darker of them wins so that a change of ground (pale
        // pavement behind, dark road in front) is not mistaken for a shadow: the background from outside the
        // shadow zone carried inwards, and the local average of the background around each pixel.
        var clean = (float[])luminance.Clone();
        PushPullFill.Fill(clean, referenceWeights, w, h, 1);
        var local = LocalBackgroundMean(luminance, shadowWeights, w, h, Math.Max(2, Math.Min(subject.Width, subject.Height) / 5));
        for (int i = 0; i < clean.Length; i++)
            clean[i] = Math.Min(clean[i], local[i]);

        Parallel.For(zoneTop, zoneBottom, y =>
        {
            for (int x = zoneLeft; x < zoneRight; x++)
            {
                int i = y * w + x;
                if (shadowWeights[i] == 0f)
                    continue;
                float darkening = 1f - luminance[i] / Math.Max(clean[i], 1e-4f);
                darkening = Math.Clamp((darkening - ShadowNoiseFloor) / (1f - ShadowNoiseFloor), 0f, 0.95f);
                // A cast shadow hugs the subject: fade smoothly with the distance beside and below it, so the kept
                // layer never ends in a visible line and ground texture further away is not lifted.
                float beside = Math.Max(0, Math.Max(subject.X - x, x - subject.Right)) / (float)(zoneRight - zoneLeft - subject.Width + 1) * 2f;
                float below = Math.Max(0, y - subject.Bottom) / (float)(zoneBottom - subject.Bottom + 1);
                float above = Math.Clamp((y - zoneTop) / falloff, 0f, 1f);
                shadow[i] = darkening * SmoothFade(beside) * SmoothFade(below) * above;
            }
        });
        // Continue the shadow under the subject, where the photo cannot show it, from its surroundings.
        PushPullFill.Fill(shadow, shadowWeights, w, h, 1);
        return shadow;
    }

    /// <summary>1 at 0, falling smoothly (smoothstep) to 0 at 1.</summary>
    private static float SmoothFade(float t)
    {
        t = Math.Clamp(t, 0f, 1f);
        return 1f - t * t * (3f - 2f * t);
    }

    /// <summary>Weighted local mean (normalised convolution with two box passes ≈ a Gaussian) of the background only.</summary>
    private static float[] LocalBackgroundMean(float[] values, float[] weights, int w, int h, int radius)
    {
        var weighted = new float[values.Length];
        for (int i = 0; i < values.Length; i++)
            weighted[i] = values[i] * weights[i];
        var support = (float[])weights.Clone();
        for (int pass = 0; pass < 2; pass++)
        {
            BoxBlur.Apply(weighted, w, h, radius);
            BoxBlur.Apply(support, w, h, radius);
        }
        var mean = new float[values.Length];
        for (int i = 0; i < mean.Length; i++)
            mean[i] = support[i] > 1e-3f ? weighted[i] / support[i] : float.MaxValue;
        return mean;
    }

    /// <summary>A cast shadow is soft, so it is estimated on the photo reduced to about 1024 px and enlarged when placed.</summary>
    private static float[] KeepCastShadow(RgbaImage original, AlphaMatte alpha, PixelRect subject, LayoutPlan plan, ShadowSpec spec)
    {
        int factor = Math.Max(1, Math.Max(original.Width, original.Height) / 1024);
        var reducedSubject = new PixelRect(subject.X / factor, subject.Y / factor,
            ReducedResolution.Reduced(subject.Width, factor), ReducedResolution.Reduced(subject.Height, factor));
        var photo = ReducedResolution.Photo(original, factor);
        var shadow = EstimateCastShadow(photo, ReducedResolution.AlphaBlockMax(alpha, factor), reducedSubject);
        return PlaceCastShadow(shadow, photo.Width, photo.Height, factor, plan, spec);
    }

    private static float[] PlaceCastShadow(float[] shadow, int width, int height, int factor, LayoutPlan plan, ShadowSpec spec)
    {
        var layer = new RgbaImage(width, height);
        var pixels = layer.Pixels;
        for (int i = 0; i < shadow.Length; i++)
            pixels[i * 4 + 3] = (byte)(Math.Clamp(shadow[i], 0f, 1f) * 255f + 0.5f);
        // A light blur removes pixel noise of the photo from the lifted shadow.
        float sigma = spec.BlurRadius is float r ? r / 2f : Math.Max(0.5f, plan.SubjectOnCanvas.LongestSide * 0.002f);
        float layerSigma = sigma / (plan.Scale * factor);
        using var blur = SKImageFilter.CreateBlur(layerSigma, layerSigma);
        var placed = SkiaPixels.Transform(layer, plan.Matrix.PreConcat(SKMatrix.CreateScale(factor, factor)), plan.CanvasWidth, plan.CanvasHeight, blur);
        return AlphaPlane(placed, spec.EffectiveOpacity);
    }

    private static float[] DropShadow(RgbaImage placedForeground, ShadowSpec spec, float subjectSize)
    {
        var (dx, dy) = spec.Offset ?? (subjectSize * 0.02f, subjectSize * 0.035f);
        float sigma = (spec.BlurRadius ?? subjectSize * 0.03f) / 2f;
        // Blurred on a copy reduced so that the blur stays ≥ 3 px there, then enlarged into place.
        int factor = Math.Max(1, (int)(sigma / 3f));
        float reducedSigma = Math.Max(sigma / factor, 0.01f);
        using var blur = SKImageFilter.CreateBlur(reducedSigma, reducedSigma);
        var silhouette = ReducedResolution.Photo(SilhouetteOf(placedForeground), factor);
        var placement = SKMatrix.CreateTranslation(dx, dy).PreConcat(SKMatrix.CreateScale(factor, factor));
        var shifted = SkiaPixels.Transform(silhouette, placement, placedForeground.Width, placedForeground.Height, blur);
        return AlphaPlane(shifted, spec.EffectiveOpacity);
    }

    /// <summary>A soft wide ellipse plus a tighter dark core under the subject's footprint (ambient occlusion).</summary>
    private static float[] ContactShadow(RgbaImage placedForeground, PixelRect subject, ShadowSpec spec)
    {
        int w = placedForeground.Width, h = placedForeground.Height;
        int baseRows = Math.Max(2, subject.Height * 3 / 100);
        int left = int.MaxValue, right = -1;
        for (int y = Math.Max(0, subject.Bottom - baseRows); y < Math.Min(h, subject.Bottom); y++)
        {
            var row = placedForeground.Row(y);
            for (int x = Math.Max(0, subject.X); x < Math.Min(w, subject.Right); x++)
                if (row[x * 4 + 3] >= 51)
                {
                    left = Math.Min(left, x);
                    right = Math.Max(right, x);
                }
        }
        if (right < left)
            (left, right) = (subject.X, subject.Right - 1);
        float baseWidth = right - left + 1, centerX = (left + right + 1) / 2f, baseY = Math.Min(subject.Bottom, h) - 0.5f;
        float softness = spec.BlurRadius ?? Math.Max(2f, baseWidth * 0.05f);

        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("Skia could not create the shadow surface.");
        using (var wide = new SKPaint { Color = SKColors.Black.WithAlpha(165), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, softness) })
            surface.Canvas.DrawOval(centerX, baseY, baseWidth * 0.58f, Math.Max(2f, baseWidth * 0.06f), wide);
        using (var core = new SKPaint { Color = SKColors.Black.WithAlpha(150), IsAntialias = true, MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, softness * 0.35f) })
            surface.Canvas.DrawOval(centerX, baseY, baseWidth * 0.45f, Math.Max(1f, baseWidth * 0.018f), core);
        return AlphaPlane(SkiaPixels.Read(surface, w, h), spec.EffectiveOpacity);
    }

    private static RgbaImage SilhouetteOf(RgbaImage image)
    {
        var silhouette = new RgbaImage(image.Width, image.Height);
        var src = image.Pixels;
        var dst = silhouette.Pixels;
        for (int i = 3; i < src.Length; i += 4)
            dst[i] = src[i];
        return silhouette;
    }

    private static float[] AlphaPlane(RgbaImage image, float opacity)
    {
        var plane = new float[image.PixelCount];
        var px = image.Pixels;
        float scale = opacity / 255f;
        for (int i = 0; i < plane.Length; i++)
            plane[i] = px[i * 4 + 3] * scale;
        return plane;
    }
}
