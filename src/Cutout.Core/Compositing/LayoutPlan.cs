using Cutout.Imaging;
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
        {
            CheckSize((double)sourceWidth * options.Scale, (double)sourceHeight * options.Scale, options);
            return Finish((int)MathF.Round(sourceWidth * options.Scale), (int)MathF.Round(sourceHeight * options.Scale), options.Scale, 0, 0, subject, options);
        }

        float k = options.Scale;
        int canvasW, canvasH;
        float frameW = frame.Width, frameH = frame.Height;
        var margins = MarginPixels.Of(options, Math.Max(frameW, frameH) * k);
        if (options.Canvas is var (w, h))
        {
            OutputLimits.Check(w, h, "The canvas");
            (canvasW, canvasH) = (w, h);
            k = ScaleToFit(canvasW, canvasH, frameW, frameH, options, out margins);
            if (k > 1f && !options.AllowUpscale && options.MinCanvasSide is int minSide)
            {
                // Shrink the canvas rather than invent pixels, but never below the preset's minimum.
                float shrink = Math.Max(1f / k, minSide / (float)Math.Max(canvasW, canvasH));
                (canvasW, canvasH) = ((int)MathF.Round(canvasW * shrink), (int)MathF.Round(canvasH * shrink));
                k = ScaleToFit(canvasW, canvasH, frameW, frameH, options, out margins);
            }
            if (k > 1f && !options.AllowUpscale)
                k = 1f;
        }
        else
        {
            double width = Math.Ceiling((double)frameW * k + margins.Horizontal);
            double height = Math.Ceiling((double)frameH * k + margins.Vertical);
            if (options.Fill is float fill)
            {
                width = Math.Ceiling(Math.Max(width, (double)frameW * k / fill));
                height = Math.Ceiling(Math.Max(height, (double)frameH * k / fill));
            }
            if (options.Aspect is float aspect)
            {
                if (width < height * aspect)
                    width = Math.Ceiling(height * aspect);
                else
                    height = Math.Ceiling(width / aspect);
            }
            CheckSize(width, height, options);
            (canvasW, canvasH) = ((int)width, (int)height);
        }

        // The subject takes the anchor's share of the room left between the margins.
        var anchor = options.Anchor ?? Anchor.Of(options.Position);
        float placedW = frameW * k, placedH = frameH * k;
        float x = margins.Left + anchor.X * (canvasW - margins.Horizontal - placedW);
        float y = margins.Top + anchor.Y * (canvasH - margins.Vertical - placedH);
        float offsetX = x - frame.X * k, offsetY = y - frame.Y * k;
        if (k == 1f)
            (offsetX, offsetY) = (MathF.Round(offsetX), MathF.Round(offsetY));
        return Finish(canvasW, canvasH, k, offsetX, offsetY, subject, options);
    }

    /// <summary>The scale that makes the frame fill <see cref="LayoutOptions.Fill"/> of the canvas while keeping the margins free.</summary>
    private static float ScaleToFit(int canvasW, int canvasH, float frameW, float frameH, LayoutOptions options, out MarginPixels margins)
    {
        float fillScale = (options.Fill ?? 1f) * Math.Min(canvasW / frameW, canvasH / frameH);
        margins = MarginPixels.Of(options, Math.Max(frameW, frameH) * fillScale);
        float marginScale = Math.Min((canvasW - margins.Horizontal) / frameW, (canvasH - margins.Vertical) / frameH);
        return Math.Max(1e-3f, Math.Min(fillScale, marginScale));
    }

    /// <summary>The four margins in output pixels for a subject whose longer side is <c>subjectLongestSide</c> pixels.</summary>
    private readonly record struct MarginPixels(float Top, float Right, float Bottom, float Left)
    {
        public float Horizontal => Left + Right;

        public float Vertical => Top + Bottom;

        public static MarginPixels Of(LayoutOptions options, float subjectLongestSide)
        {
            var sides = options.SideMargins ?? SideMargins.All(options.Margin);
            return new MarginPixels(sides.Top.ToPixels(subjectLongestSide), sides.Right.ToPixels(subjectLongestSide),
                sides.Bottom.ToPixels(subjectLongestSide), sides.Left.ToPixels(subjectLongestSide));
        }
    }

    /// <summary>The canvas after <see cref="LayoutOptions.MaxSize"/> has shrunk it must fit <see cref="OutputLimits"/>.</summary>
    private static void CheckSize(double width, double height, LayoutOptions options)
    {
        double longest = Math.Max(width, height);
        double shrink = options.MaxSize is int max && longest > max ? max / longest : 1;
        OutputLimits.Check(width * shrink, height * shrink, "The requested layout (scale, margin, aspect or fill)");
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
