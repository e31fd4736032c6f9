using Cutout.Advanced;
using SkiaSharp;

namespace Cutout.Compositing;

/// <summary>
/// A named backdrop drawn from shapes and gradients at whatever size the canvas has (no stock photos),
/// so "put it on a beach at sunset" is honest about what the user gets: <see cref="Description"/>.
/// </summary>
/// <param name="Name">The canonical name, lower-case with hyphens (<c>beach-sunset</c>), accepted by <see cref="BackgroundSpec.Parse"/>.</param>
/// <param name="Description">What is drawn, in plain words, for reports and chat answers.</param>
/// <param name="Aliases">Everyday phrases that also name this scene ("sunset beach", "golden hour").</param>
public sealed record ScenePreset(string Name, string Description, IReadOnlyList<string> Aliases)
{
    /// <summary>How a sentence names the scene ("place the subject in a beach at sunset"); short where <see cref="Description"/> is exact.</summary>
    public required string Phrase { get; init; }

    internal Action<SKCanvas, int, int> Draw { get; init; } = (_, _, _) => { };

    /// <summary>Draws the scene at <paramref name="width"/> × <paramref name="height"/> pixels, opaque.</summary>
    /// <exception cref="InvalidOperationException">Skia could not allocate a surface of that size.</exception>
    public RgbaImage Render(int width, int height)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException($"Skia could not create a {width}x{height} surface.");
        Draw(surface.Canvas, width, height);
        return SkiaPixels.Read(surface, width, height);
    }

    /// <summary>Scenes are the same when their <see cref="Name"/> is; the alias list and drawing do not take part.</summary>
    public bool Equals(ScenePreset? other) => other is not null && Name == other.Name;

    /// <summary>A hash of <see cref="Name"/>, consistent with <see cref="Equals(ScenePreset?)"/>.</summary>
    public override int GetHashCode() => Name.GetHashCode(StringComparison.Ordinal);
}

/// <summary>
/// The built-in scenes and their lookup by name or everyday phrase ("beach sunset", "modern office"). Public, like
/// <see cref="Presets.MarketplacePresets"/>, so hosts read the one catalogue (the chat's scene words come from it).
/// </summary>
public static class SceneLibrary
{
    /// <summary>
    /// Every scene, in a fixed order. Every alias is also a word or phrase the chat recognises in a sentence ("put him
    /// on the beach"), so aliases are places and looks, never everyday words that could describe the photo itself.
    /// </summary>
    public static IReadOnlyList<ScenePreset> All { get; } =
    [
        new("studio", "seamless light-grey studio sweep with a soft key light behind the subject",
            ["studio", "studio sweep", "photo studio", "grey studio", "gray studio", "seamless"]) { Phrase = "a light-grey photo studio sweep", Draw = DrawStudio },
        new("sky", "soft gradient sky, deep blue overhead fading to a pale horizon, with faint clouds",
            ["sky", "blue sky", "soft sky", "clouds", "outdoor"]) { Phrase = "a soft blue sky with faint clouds", Draw = DrawSky },
        new("beach-sunset", "sunset over the sea: warm sky, low sun with its reflection, sandy foreground",
            ["beach sunset", "sunset beach", "beach", "sunset", "seaside", "ocean", "sea", "shore", "tropical", "golden hour"])
        { Phrase = "a beach at sunset", Draw = DrawBeachSunset },
        new("bokeh", "dark backdrop with out-of-focus warm and cool light discs",
            ["bokeh", "bokeh lights", "city lights", "night lights", "party"]) { Phrase = "a dark backdrop with out-of-focus lights", Draw = DrawBokeh },
        new("office", "bright modern office: pale wall, large window light from the left, soft depth of field",
            ["office", "modern office", "workplace", "workspace", "coworking", "boardroom", "corporate"])
        { Phrase = "a bright modern office with window light", Draw = DrawOffice },
    ];

    /// <summary>The scene with this name or alias (case-insensitive; spaces, dashes and underscores alike), or null.</summary>
    public static ScenePreset? Find(string name)
    {
        var key = Normalise(name);
        return All.FirstOrDefault(s => Normalise(s.Name) == key || s.Aliases.Any(a => Normalise(a) == key));
    }

    private static string Normalise(string text) =>
        string.Join(' ', text.ToLowerInvariant().Replace('-', ' ').Replace('_', ' ').Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static float Short(int w, int h) => Math.Min(w, h);

    private static void FillVertical(SKCanvas canvas, SKRect rect, SKColor[] colors, float[] positions)
    {
        using var shader = SKShader.CreateLinearGradient(new SKPoint(rect.MidX, rect.Top), new SKPoint(rect.MidX, rect.Bottom), colors, positions, SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader, IsDither = true };
        canvas.DrawRect(rect, paint);
    }

    private static void Glow(SKCanvas canvas, float cx, float cy, float radius, SKColor center)
    {
        using var shader = SKShader.CreateRadialGradient(new SKPoint(cx, cy), radius, [center, center.WithAlpha(0)], SKShaderTileMode.Clamp);
        using var paint = new SKPaint { Shader = shader, IsDither = true };
        canvas.DrawCircle(cx, cy, radius, paint);
    }

    private static void DrawStudio(SKCanvas canvas, int w, int h)
    {
        // Wall above the sweep's bend, floor below; the bend is a smooth gradient so no horizon line shows.
        FillVertical(canvas, new SKRect(0, 0, w, h),
            [new SKColor(0xB8, 0xBB, 0xC0), new SKColor(0xDD, 0xDF, 0xE2), new SKColor(0xEE, 0xEF, 0xF0), new SKColor(0xD6, 0xD7, 0xD9)],
            [0f, 0.55f, 0.78f, 1f]);
        Glow(canvas, w * 0.5f, h * 0.45f, Math.Max(w, h) * 0.6f, new SKColor(255, 255, 255, 150));
    }

    private static void DrawSky(SKCanvas canvas, int w, int h)
    {
        FillVertical(canvas, new SKRect(0, 0, w, h),
            [new SKColor(0x2E, 0x6F, 0xC0), new SKColor(0x7F, 0xB4, 0xE6), new SKColor(0xDC, 0xEC, 0xF7)], [0f, 0.6f, 1f]);
        float s = Short(w, h);
        using var blur = SKImageFilter.CreateBlur(s * 0.05f, s * 0.025f);
        using var cloud = new SKPaint { Color = new SKColor(255, 255, 255, 120), ImageFilter = blur, IsAntialias = true };
        var random = new Random(7);
        for (int i = 0; i < 7; i++)
        {
            float cx = (float)random.NextDouble() * w, cy = (0.1f + 0.45f * (float)random.NextDouble()) * h;
            canvas.DrawOval(cx, cy, s * (0.15f + 0.2f * (float)random.NextDouble()), s * 0.05f, cloud);
        }
    }

    private static void DrawBeachSunset(SKCanvas canvas, int w, int h)
    {
        float horizon = h * 0.58f, shore = h * 0.78f;
        FillVertical(canvas, new SKRect(0, 0, w, horizon),
            [new SKColor(0x3B, 0x2C, 0x6B), new SKColor(0xC8, 0x5A, 0x7A), new SKColor(0xF6, 0x9E, 0x5B), new SKColor(0xFF, 0xD2, 0x8A)],
            [0f, 0.45f, 0.8f, 1f]);
        float sunX = w * 0.62f, sunR = Short(w, h) * 0.07f;
        Glow(canvas, sunX, horizon - sunR * 0.6f, sunR * 5f, new SKColor(0xFF, 0xE0, 0x9A, 170));
        canvas.Save();
        canvas.ClipRect(new SKRect(0, 0, w, horizon));
        using (var sun = new SKPaint { Color = new SKColor(0xFF, 0xF3, 0xC8), IsAntialias = true })
            canvas.DrawCircle(sunX, horizon - sunR * 0.6f, sunR, sun);
        canvas.Restore();
        FillVertical(canvas, new SKRect(0, horizon, w, shore),
            [new SKColor(0x6A, 0x4E, 0x7C), new SKColor(0x2F, 0x3E, 0x6B)], [0f, 1f]);
        // The sun's glitter path on the water: a soft vertical streak.
        using (var blur = SKImageFilter.CreateBlur(sunR * 0.6f, sunR * 0.3f))
        using (var glitter = new SKPaint { Color = new SKColor(0xFF, 0xD9, 0x9A, 150), ImageFilter = blur })
            canvas.DrawRect(sunX - sunR * 0.8f, horizon, sunR * 1.6f, shore - horizon, glitter);
        FillVertical(canvas, new SKRect(0, shore, w, h),
            [new SKColor(0xC9, 0x9A, 0x74), new SKColor(0xE3, 0xBE, 0x93)], [0f, 1f]);
    }

    private static void DrawBokeh(SKCanvas canvas, int w, int h)
    {
        FillVertical(canvas, new SKRect(0, 0, w, h), [new SKColor(0x14, 0x12, 0x24), new SKColor(0x2A, 0x1E, 0x33)], [0f, 1f]);
        float s = Short(w, h);
        SKColor[] palette = [new(0xFF, 0xC8, 0x6B), new(0xFF, 0x8F, 0x6B), new(0x8F, 0xC8, 0xFF), new(0xFF, 0xE9, 0xB0)];
        var random = new Random(11);
        using var blur = SKImageFilter.CreateBlur(s * 0.006f, s * 0.006f);
        using var disc = new SKPaint { IsAntialias = true, ImageFilter = blur, BlendMode = SKBlendMode.Screen };
        for (int i = 0; i < 42; i++)
        {
            disc.Color = palette[random.Next(palette.Length)].WithAlpha((byte)random.Next(60, 150));
            canvas.DrawCircle((float)random.NextDouble() * w, (float)random.NextDouble() * h, s * (0.03f + 0.06f * (float)random.NextDouble()), disc);
        }
    }

    private static void DrawOffice(SKCanvas canvas, int w, int h)
    {
        // The whole room is drawn on a layer blurred on restore (shallow depth of field); clamping keeps its edges opaque.
        using var layerBlur = SKImageFilter.CreateBlur(Short(w, h) * 0.012f, Short(w, h) * 0.012f, SKShaderTileMode.Clamp);
        using var layer = new SKPaint { ImageFilter = layerBlur };
        float floor = h * 0.8f;
        canvas.Clear(new SKColor(0xDC, 0xD9, 0xD1));
        canvas.SaveLayer(layer);
        FillVertical(canvas, new SKRect(0, 0, w, floor), [new SKColor(0xE4, 0xE1, 0xDA), new SKColor(0xD3, 0xCF, 0xC6)], [0f, 1f]);
        FillVertical(canvas, new SKRect(0, floor, w, h), [new SKColor(0x9C, 0x8A, 0x74), new SKColor(0x7E, 0x6C, 0x58)], [0f, 1f]);
        // A tall window on the left: bright panes split by dark mullions.
        var window = new SKRect(w * 0.05f, h * 0.08f, w * 0.4f, floor - h * 0.04f);
        FillVertical(canvas, window, [new SKColor(0xF4, 0xF8, 0xFC), new SKColor(0xD8, 0xE8, 0xF2)], [0f, 1f]);
        using (var mullion = new SKPaint { Color = new SKColor(0x5A, 0x5E, 0x63) })
        {
            float bar = Math.Max(2f, Short(w, h) * 0.012f);
            for (int i = 0; i <= 3; i++)
                canvas.DrawRect(window.Left + i * (window.Width - bar) / 3f, window.Top, bar, window.Height, mullion);
            canvas.DrawRect(window.Left, window.Top, window.Width, bar, mullion);
            canvas.DrawRect(window.Left, window.MidY, window.Width, bar, mullion);
            canvas.DrawRect(window.Left, window.Bottom - bar, window.Width, bar, mullion);
        }
        // A low sideboard on the right gives the room depth without competing with the subject.
        using (var top = new SKPaint { Color = new SKColor(0xB8, 0xA4, 0x88) })
            canvas.DrawRect(w * 0.64f, floor - h * 0.14f, w * 0.36f, h * 0.02f, top);
        using (var body = new SKPaint { Color = new SKColor(0x8E, 0x7C, 0x66) })
            canvas.DrawRect(w * 0.655f, floor - h * 0.12f, w * 0.345f, h * 0.12f, body);
        canvas.Restore();
        Glow(canvas, w * 0.2f, h * 0.45f, Math.Max(w, h) * 0.7f, new SKColor(255, 250, 240, 110));
    }
}
