using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Presets;

namespace Cutout.Advanced;

/// <summary>The composed picture and what the encoder and the report should know about it.</summary>
/// <param name="Image">The final pixels, at the output size.</param>
/// <param name="IsOpaque">Whether every pixel is opaque, so JPEG can hold it.</param>
/// <param name="PreferredFormat">The format the background or preset suggests when the caller names none; null = PNG.</param>
public sealed record CompositionResult(RgbaImage Image, bool IsOpaque, OutputFormat? PreferredFormat = null)
{
    /// <summary>Where the subject's box (a portrait's head box under head-and-shoulders framing) landed on the canvas.</summary>
    public PixelRect SubjectBounds { get; init; }

    /// <summary>Every pixel of the output the subject touches (any alpha), including the resampling fringe of its edges.</summary>
    public PixelRect SubjectFootprint { get; init; }

    /// <summary>What was put behind the subject, in words ("scene: beach-sunset (sunset over the sea…)").</summary>
    public string BackgroundDescription { get; init; } = "transparent";

    /// <summary>The procedural scene used, when the background was a scene preset.</summary>
    public ScenePreset? Scene { get; init; }

    /// <summary>The preset whose rules the encoded output must be checked against.</summary>
    public MarketplacePreset? Preset { get; init; }

    /// <summary>Lowest JPEG/WebP quality the preset accepts (JPEG ringing must not tint a pure-white background).</summary>
    public int? MinimumQuality { get; init; }
}

/// <summary>
/// Places the cutout on its background: layout (trim, frame, scale, canvas), background, shadow, then the
/// subject over them in linear light using the decontaminated foreground colours.
/// </summary>
public static class Compositor
{
    /// <summary>Strength of <see cref="CompositionOptions.HarmonizeLight"/>: a gentle pull, not a colour transfer.</summary>
    private const float HarmonyStrength = 0.2f;

    /// <summary>Composes the refined cutout of <paramref name="original"/> as <paramref name="options"/> ask.</summary>
    /// <param name="original">The decoded photo; its background is what a blur background blurs.</param>
    /// <param name="matte">The refined alpha and decontaminated foreground colours, at the photo's size.</param>
    /// <param name="options">Background, shadow and layout.</param>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> when a background image file is missing.</exception>
    public static CompositionResult Compose(RgbaImage original, RefinedMatte matte, CompositionOptions options)
    {
        ArgumentNullException.ThrowIfNull(original);
        ArgumentNullException.ThrowIfNull(matte);

        var alpha = matte.Alpha;
        var subject = SubjectBounds.Find(alpha);
        var layout = options.Layout;
        var frame = subject.IsEmpty
            ? new PixelRect(0, 0, original.Width, original.Height)
            : layout.Framing == Framing.HeadAndShoulders ? PortraitFraming.Frame(alpha, subject) : subject;
        var plan = LayoutPlan.Create(original.Width, original.Height, subject, frame, layout);

        // Once the layout frames the subject by its box, specks outside that box are matting noise, not subject:
        // left in, they would dot a marketplace's pure-white background.
        var keep = layout.ChangesFrame && !subject.IsEmpty ? Grow(subject, 1) : (PixelRect?)null;
        var foreground = Place(ForegroundWithAlpha(matte, keep), plan);
        var background = BackgroundRenderer.Render(options.Background, plan, original, alpha);
        var shadow = ShadowRenderer.Render(options.Shadow, original, alpha, subject, plan, foreground);
        if (options.HarmonizeLight && background is not null && options.Background is SceneBackground or ImageBackground or BlurBackground)
            HarmonizeToBackground(foreground, background);

        var image = background is null && shadow is null ? foreground : Blend(foreground, background, shadow);
        if (options.CircleCrop)
            CropToCircle(image);

        bool opaque = image.IsOpaque();
        var preset = options.Preset;
        return new CompositionResult(image, opaque, preset?.PreferredFormat(opaque) ?? PreferredFormat(options.Background, opaque))
        {
            // A portrait's rules are about its head: a shoulder cut by the frame must not count as off-centre.
            SubjectBounds = layout.Framing == Framing.HeadAndShoulders && !subject.IsEmpty
                ? plan.Place(PortraitFraming.Head(alpha, subject))
                : plan.SubjectOnCanvas,
            SubjectFootprint = Footprint(foreground),
            BackgroundDescription = options.Background.Describe(),
            Scene = (options.Background as SceneBackground)?.Scene,
            Preset = preset,
            MinimumQuality = preset?.JpegQuality,
        };
    }

    /// <summary>
    /// Photographic backgrounds (blur, scene, picture) compress best as JPEG; flat colours and gradients stay PNG so a
    /// requested #FF5733 comes back as exactly #FF5733, which JPEG's colour conversion cannot promise.
    /// </summary>
    private static OutputFormat? PreferredFormat(BackgroundSpec background, bool opaque) =>
        opaque && background is BlurBackground or SceneBackground or ImageBackground ? OutputFormat.Jpeg : null;

    /// <summary>The refined foreground colours with the float alpha quantised into the A channel, cleared outside <paramref name="keep"/>.</summary>
    private static RgbaImage ForegroundWithAlpha(RefinedMatte matte, PixelRect? keep)
    {
        var image = matte.Foreground.Clone();
        int w = image.Width;
        var box = keep ?? new PixelRect(0, 0, w, image.Height);
        Parallel.For(0, image.Height, y =>
        {
            var row = image.Row(y);
            var a = matte.Alpha.Row(y);
            bool rowKept = y >= box.Y && y < box.Bottom;
            for (int x = 0; x < w; x++)
                row[x * 4 + 3] = rowKept && x >= box.X && x < box.Right ? (byte)(Math.Clamp(a[x], 0f, 1f) * 255f + 0.5f) : (byte)0;
        });
        return image;
    }

    private static PixelRect Grow(PixelRect rect, int by) => new(rect.X - by, rect.Y - by, rect.Width + 2 * by, rect.Height + 2 * by);

    /// <summary>Moves the foreground onto the canvas: exact row copies for pure crops, Skia resampling otherwise.</summary>
    private static RgbaImage Place(RgbaImage source, LayoutPlan plan)
    {
        if (!plan.IsPixelAligned)
            return SkiaPixels.Transform(source, plan.Matrix, plan.CanvasWidth, plan.CanvasHeight);
        if (plan.OffsetX == 0 && plan.OffsetY == 0 && plan.CanvasWidth == source.Width && plan.CanvasHeight == source.Height)
            return source;
        var canvas = new RgbaImage(plan.CanvasWidth, plan.CanvasHeight);
        int dx = (int)plan.OffsetX, dy = (int)plan.OffsetY;
        int fromX = Math.Max(0, -dx), toX = Math.Min(source.Width, plan.CanvasWidth - dx);
        if (toX <= fromX)
            return canvas;
        for (int y = Math.Max(0, -dy); y < Math.Min(source.Height, plan.CanvasHeight - dy); y++)
            source.Row(y)[(fromX * 4)..(toX * 4)].CopyTo(canvas.Row(y + dy)[((fromX + dx) * 4)..]);
        return canvas;
    }

    /// <summary>
    /// Shadow over background, then subject over both, in linear light. Pixels the subject and shadow do not touch
    /// keep the background's bytes exactly (a requested #FF5733 stays #FF5733), and fully opaque subject pixels keep theirs.
    /// </summary>
    private static RgbaImage Blend(RgbaImage foreground, RgbaImage? background, float[]? shadow)
    {
        int w = foreground.Width, h = foreground.Height;
        var output = new RgbaImage(w, h);
        Parallel.For(0, h, y =>
        {
            var fg = foreground.Row(y);
            var bg = background is null ? Span<byte>.Empty : background.Row(y);
            var dst = output.Row(y);
            for (int x = 0; x < w; x++)
            {
                int o = x * 4;
                float a = fg[o + 3] / 255f;
                float s = shadow is null ? 0f : Math.Clamp(shadow[y * w + x], 0f, 1f);
                if (a >= 1f || (a <= 0f && s <= 0f))
                {
                    var from = a >= 1f ? fg : bg;
                    if (from.IsEmpty)
                        dst.Slice(o, 4).Clear();
                    else
                        from.Slice(o, 4).CopyTo(dst.Slice(o, 4));
                    continue;
                }
                // Shadow layer (black, opacity s) over the background, premultiplied.
                float backAlpha = bg.IsEmpty ? 0f : bg[o + 3] / 255f;
                float underAlpha = s + backAlpha * (1f - s);
                float keep = backAlpha * (1f - s);
                float outAlpha = a + underAlpha * (1f - a);
                if (outAlpha <= 0f)
                {
                    dst.Slice(o, 4).Clear();
                    continue;
                }
                for (int c = 0; c < 3; c++)
                {
                    float under = bg.IsEmpty ? 0f : LinearLight.ToLinear(bg[o + c]) * keep;
                    float premultiplied = LinearLight.ToLinear(fg[o + c]) * a + under * (1f - a);
                    dst[o + c] = LinearLight.ToSrgb(premultiplied / outAlpha);
                }
                dst[o + 3] = (byte)(outAlpha * 255f + 0.5f);
            }
        });
        return output;
    }

    /// <summary>
    /// Pulls the subject's white balance and brightness a little towards the background's average light
    /// (linear light, gains clamped to ±30%), so a cool office or warm sunset visibly lights the subject too.
    /// </summary>
    private static void HarmonizeToBackground(RgbaImage foreground, RgbaImage background)
    {
        var bgMean = MeanLinear(background, weightByAlpha: false);
        var fgMean = MeanLinear(foreground, weightByAlpha: true);
        float bgLum = LinearLight.Luminance(bgMean[0], bgMean[1], bgMean[2]);
        float fgLum = LinearLight.Luminance(fgMean[0], fgMean[1], fgMean[2]);
        if (bgLum <= 1e-4f || fgLum <= 1e-4f)
            return;
        Span<float> gains = stackalloc float[3];
        float brightness = MathF.Pow(bgLum / fgLum, HarmonyStrength * 0.5f);
        for (int c = 0; c < 3; c++)
            gains[c] = Math.Clamp(MathF.Pow(bgMean[c] / bgLum, HarmonyStrength) * brightness, 0.7f, 1.3f);
        var lut = new byte[3, 256];
        for (int c = 0; c < 3; c++)
            for (int v = 0; v < 256; v++)
                lut[c, v] = LinearLight.ToSrgb(LinearLight.ToLinear((byte)v) * gains[c]);
        var px = foreground.Pixels;
        for (int i = 0; i < px.Length; i += 4)
            if (px[i + 3] > 0)
                for (int c = 0; c < 3; c++)
                    px[i + c] = lut[c, px[i + c]];
    }

    private static float[] MeanLinear(RgbaImage image, bool weightByAlpha)
    {
        var sum = new double[4];
        var px = image.Pixels;
        for (int i = 0; i < px.Length; i += 4)
        {
            double weight = weightByAlpha ? px[i + 3] / 255.0 : 1.0;
            for (int c = 0; c < 3; c++)
                sum[c] += LinearLight.ToLinear(px[i + c]) * weight;
            sum[3] += weight;
        }
        return sum[3] <= 0 ? [0f, 0f, 0f] : [(float)(sum[0] / sum[3]), (float)(sum[1] / sum[3]), (float)(sum[2] / sum[3])];
    }

    /// <summary>Keeps the disc inscribed in the canvas, anti-aliased over one pixel; the corners become transparent.</summary>
    private static void CropToCircle(RgbaImage image)
    {
        float cx = image.Width / 2f, cy = image.Height / 2f, radius = Math.Min(image.Width, image.Height) / 2f;
        Parallel.For(0, image.Height, y =>
        {
            var row = image.Row(y);
            float dy = y + 0.5f - cy;
            for (int x = 0; x < image.Width; x++)
            {
                float dx = x + 0.5f - cx;
                float coverage = Math.Clamp(radius - MathF.Sqrt(dx * dx + dy * dy) + 0.5f, 0f, 1f);
                row[x * 4 + 3] = (byte)(row[x * 4 + 3] * coverage + 0.5f);
            }
        });
    }

    /// <summary>The box around every pixel with any alpha.</summary>
    private static PixelRect Footprint(RgbaImage image)
    {
        int left = image.Width, right = -1, top = -1, bottom = -1;
        for (int y = 0; y < image.Height; y++)
        {
            var row = image.Row(y);
            int first = -1, last = -1;
            for (int x = 0; x < image.Width; x++)
                if (row[x * 4 + 3] != 0)
                {
                    if (first < 0)
                        first = x;
                    last = x;
                }
            if (first < 0)
                continue;
            if (top < 0)
                top = y;
            bottom = y;
            left = Math.Min(left, first);
            right = Math.Max(right, last);
        }
        return top < 0 ? default : new PixelRect(left, top, right - left + 1, bottom - top + 1);
    }
}
