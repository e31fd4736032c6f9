using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>
/// The geometry of one composition: canvas size and the source→canvas transform
/// (canvas = source × <see cref="Scale"/> + offset), plus where the subject lands.
/// </summary>
internal sealed record LayoutPlan(int CanvasWidth, int CanvasHeight, float Scale, float OffsetX, float OffsetY, PixelRect SubjectOnCanvas)
{
    public SKMatrix Matrix => new(Scale, 0, OffsetX, 0, Scale, OffsetY, 0, 0, 1);

    /// <summary>True when the canvas is an integer-offset crop/extension of the source (pixels copy exactly).</summary>
    public bool IsPixelAligned => Scale == 1f && OffsetX == MathF.Round(OffsetX) && OffsetY == MathF.Round(OffsetY);

    /// <summary>Works out the plan for a source of the given size whose framed region is <paramref name="frame"/>.</summary>
    public static LayoutPlan Create(int sourceWidth, int sourceHeight, PixelRect subject, PixelRect frame, LayoutOptions options)
    {
        if (!options.ChangesFrame || frame.IsEmpty)
            return Finish((int)MathF.Round(sourceWidth * options.Scale), (int)MathF.Round(sourceHeight * options.Scale), options.Scale, 0, 0, subject, options);

        float k = options.Scale;
        int canvasW, canvasH;
        float frameW = frame.Width, frameH = frame.Height;
        float margin = options.Margin.ToPixels(Math.Max(frameW, frameH) * k);
        if (options.Canvas is var (w, h))
        {
            (canvasW, canvasH) = (w, h);
            k = ScaleToFit(canvasW, canvasH, frameW, frameH, options, out margin);
            if (k > 1f && !options.AllowUpscale && options.MinCanvasSide is int minSide)
            {
                // Shrink the canvas rather than invent pixels, but never below the preset's minimum.
                float shrink = Math.Max(1f / k, minSide / (float)Math.Max(canvasW, canvasH));
                (canvasW, canvasH) = ((int)MathF.Round(canvasW * shrink), (int)MathF.Round(canvasH * shrink));
                k = ScaleToFit(canvasW, canvasH, frameW, frameH, options, out margin);
            }
            if (k > 1f && !options.AllowUpscale)
                k = 1f;
        }
        else
        {
            canvasW = (int)MathF.Ceiling(frameW * k + 2 * margin);
            canvasH = (int)MathF.Ceiling(frameH * k + 2 * margin);
            if (options.Fill is float fill)
            {
                canvasW = (int)MathF.Ceiling(Math.Max(canvasW, frameW * k / fill));
                canvasH = (int)MathF.Ceiling(Math.Max(canvasH, frameH * k / fill));
            }
            if (options.Aspect is float aspect)
            {
                if (canvasW < canvasH * aspect)
                    canvasW = (int)MathF.Ceiling(canvasH * aspect);
                else
                    canvasH = (int)MathF.Ceiling(canvasW / aspect);
            }
        }

        float placedW = frameW * k, placedH = frameH * k;
        float x = options.Position switch
        {
            Placement.Left or Placement.TopLeft or Placement.BottomLeft => margin,
            Placement.Right or Placement.TopRight or Placement.BottomRight => canvasW - margin - placedW,
            _ => (canvasW - placedW) / 2f,
        };
        float y = options.Position switch
        {
            Placement.Top or Placement.TopLeft or Placement.TopRight => margin,
            Placement.Bottom or Placement.BottomLeft or Placement.BottomRight => canvasH - margin - placedH,
            _ => (canvasH - placedH) / 2f,
        };
        float offsetX = x - frame.X * k, offsetY = y - frame.Y * k;
        if (k == 1f)
            (offsetX, offsetY) = (MathF.Round(offsetX), MathF.Round(offsetY));
        return Finish(canvasW, canvasH, k, offsetX, offsetY, subject, options);
    }

    /// <summary>The scale that makes the frame fill <see cref="LayoutOptions.Fill"/> of the canvas while keeping the margin free.</summary>
    private static float ScaleToFit(int canvasW, int canvasH, float frameW, float frameH, LayoutOptions options, out float margin)
    {
        float fillScale = (options.Fill ?? 1f) * Math.Min(canvasW / frameW, canvasH / frameH);
        margin = options.Margin.ToPixels(Math.Max(frameW, frameH) * fillScale);
        float marginScale = Math.Min((canvasW - 2 * margin) / frameW, (canvasH - 2 * margin) / frameH);
        return Math.Max(1e-3f, Math.Min(fillScale, marginScale));
    }

    private static LayoutPlan Finish(int canvasW, int canvasH, float k, float offsetX, float offsetY, PixelRect subject, LayoutOptions options)
    {
        float f = 1f;
        if (options.MaxSize is int max && Math.Max(canvasW, canvasH) > max)
            f = max / (float)Math.Max(canvasW, canvasH);
        if (options.MaxPixels is long maxPixels && (long)canvasW * canvasH * f * f > maxPixels)
            f = (float)Math.Sqrt(maxPixels / ((double)canvasW * canvasH));
        if (f < 1f)
        {
            (canvasW, canvasH, k, offsetX, offsetY) = (Math.Max(1, (int)MathF.Round(canvasW * f)), Math.Max(1, (int)MathF.Round(canvasH * f)), k * f, offsetX * f, offsetY * f);
        }
        var plan = new LayoutPlan(Math.Max(1, canvasW), Math.Max(1, canvasH), k, offsetX, offsetY, default);
        return plan with { SubjectOnCanvas = plan.Place(subject) };
    }

    /// <summary>Where a box of the source photo lands on the canvas.</summary>
    public PixelRect Place(PixelRect source) =>
        source.IsEmpty
            ? source
            : new PixelRect((int)MathF.Floor(source.X * Scale + OffsetX), (int)MathF.Floor(source.Y * Scale + OffsetY),
                (int)MathF.Round(source.Width * Scale), (int)MathF.Round(source.Height * Scale));
}
