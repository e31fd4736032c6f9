using System.Globalization;
using Cutout.Advanced;

namespace Cutout.Compositing;

/// <summary>An opaque sRGB colour.</summary>
/// <param name="R">Red, 0..255.</param>
/// <param name="G">Green, 0..255.</param>
/// <param name="B">Blue, 0..255.</param>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    /// <summary>Pure white (#FFFFFF), the marketplace background.</summary>
    public static RgbColor White { get; } = new(255, 255, 255);

    /// <summary>The colour as CSS hex, <c>#RRGGBB</c> in upper case.</summary>
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";
}

/// <summary>How a background picture fills a canvas of another shape (CSS <c>object-fit</c>).</summary>
public enum ImageFit
{
    /// <summary>Scaled to cover the whole canvas, centred; the overflow is cropped.</summary>
    Cover,

    /// <summary>Scaled to fit inside the canvas, centred; the rest stays transparent.</summary>
    Contain,

    /// <summary>Stretched to the canvas, ignoring its aspect ratio.</summary>
    Stretch,
}

/// <summary>The geometry of a <see cref="GradientBackground"/>, as in CSS.</summary>
public enum GradientShape
{
    /// <summary>Colours change along a straight line at <see cref="GradientBackground.AngleDegrees"/> (<c>linear-gradient</c>).</summary>
    Linear,

    /// <summary>Colours change outwards from the canvas centre (<c>radial-gradient</c>).</summary>
    Radial,
}

/// <summary>A gradient colour stop; <paramref name="Position"/> in 0..1, or null to be spread evenly as CSS does.</summary>
/// <param name="Color">The stop's colour.</param>
/// <param name="Opacity">0..1; below 1 the gradient is partly transparent there.</param>
/// <param name="Position">Where along the gradient the stop sits, 0 = start, 1 = end; null = spread evenly.</param>
public readonly record struct GradientStop(RgbColor Color, float Opacity, float? Position);

/// <summary>
/// The background behind the subject, parsed from one CSS-like value. <see cref="Parse"/> is the only
/// parser of that text: the CLI's <c>--background</c> and the chat layer both call it.
/// </summary>
public abstract record BackgroundSpec
{
    /// <summary>No background: the cutout keeps its alpha. The default of <see cref="CompositionOptions.Background"/>.</summary>
    public static BackgroundSpec Transparent { get; } = new TransparentBackground();

    /// <summary>Default lens blur radius as a fraction of the image's longer side (≈ f/2 portrait look at 1000 px).</summary>
    public const float DefaultBlurRadiusFraction = 0.012f;

    /// <summary>A short human description for reports ("solid #FFFFFF", "scene: Sunset beach").</summary>
    public abstract string Describe();

    /// <summary>
    /// The text <see cref="Parse"/> reads back as this background ("transparent", "#ffffff",
    /// "linear-gradient(to bottom, #4b5563, #d1d5db)", "blur", "scene:office"): the form a background takes in
    /// JSON and in messages, so values written by one version are read by the next.
    /// </summary>
    public abstract string ToCssText();

    private protected static string Hex(RgbColor color, float opacity) =>
        opacity >= 1f ? $"#{color.R:x2}{color.G:x2}{color.B:x2}" : $"#{color.R:x2}{color.G:x2}{color.B:x2}{(int)MathF.Round(Math.Clamp(opacity, 0f, 1f) * 255):x2}";

    /// <summary>
    /// Parses <c>transparent</c> | a CSS colour (#RGB, #RGBA, #RRGGBB, #RRGGBBAA, rgb(), rgba(), the 148 names) |
    /// <c>linear-gradient(…)</c> | <c>radial-gradient(…)</c> | <c>blur</c> | <c>blur(&lt;px&gt;)</c> |
    /// a scene preset name (<c>studio</c>, <c>beach sunset</c>, <c>scene:office</c>) |
    /// an image path, optionally <c>url(path) cover|contain|stretch</c>.
    /// </summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> when the text is none of these; the message lists examples.</exception>
    public static BackgroundSpec Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var t = text.Trim();
        if (t.Length == 0)
            throw Invalid(text, "it is empty");
        if (t.Equals("transparent", StringComparison.OrdinalIgnoreCase) || t.Equals("none", StringComparison.OrdinalIgnoreCase))
            return Transparent;

        if (CssSyntax.TryFunction(t, "linear-gradient", out var linearArgs))
            return GradientBackground.ParseLinear(linearArgs, text);
        if (CssSyntax.TryFunction(t, "radial-gradient", out var radialArgs))
            return GradientBackground.ParseRadial(radialArgs, text);
        if (t.Equals("blur", StringComparison.OrdinalIgnoreCase))
            return new BlurBackground(null);
        if (CssSyntax.TryFunction(t, "blur", out var blurArgs))
            return new BlurBackground(CssSyntax.ParseLength(blurArgs, text));

        if (CssColor.TryParse(t, out var color, out float opacity))
            return new SolidBackground(color, opacity);
        if (SceneLibrary.Find(t.StartsWith("scene:", StringComparison.OrdinalIgnoreCase) ? t[6..] : t) is { } scene)
            return new SceneBackground(scene);
        if (ImageBackground.TryParse(t, out var image))
            return image;

        throw Invalid(text, "it is not a colour, gradient, blur, scene name or image file");
    }

    internal static CutoutException Invalid(string text, string reason) =>
        new(CutoutErrorKind.InvalidOption,
            $"background '{text}': {reason} (try transparent, white, #FF5733, rgb(0 128 255), " +
            $"linear-gradient(to bottom, #001f3f, #87ceeb), blur, blur(20), a scene ({string.Join(", ", SceneLibrary.All.Select(s => s.Name))}) or an image path)");
}

/// <summary>No background: the result keeps the cutout's alpha, so the output format must support transparency.</summary>
public sealed record TransparentBackground : BackgroundSpec
{
    /// <inheritdoc/>
    public override string Describe() => "transparent";

    /// <inheritdoc/>
    public override string ToCssText() => "transparent";
}

/// <summary>One flat colour; <paramref name="Opacity"/> &lt; 1 leaves the result partly transparent.</summary>
/// <param name="Color">The background colour.</param>
/// <param name="Opacity">0..1; 1 (the default) is fully opaque.</param>
public sealed record SolidBackground(RgbColor Color, float Opacity = 1f) : BackgroundSpec
{
    /// <inheritdoc/>
    public override string Describe() => Opacity >= 1f ? $"solid {Color}" : $"solid {Color} at {Opacity:0.##} opacity";

    /// <inheritdoc/>
    public override string ToCssText() => Hex(Color, Opacity);
}

/// <summary>
/// A CSS gradient. Linear: <see cref="AngleDegrees"/> uses CSS's convention (0 = towards the top, 90 = towards
/// the right, 180 = <c>to bottom</c>). Radial: an ellipse (or circle) centred on the canvas reaching its farthest corner.
/// </summary>
/// <param name="Shape">Linear or radial.</param>
/// <param name="AngleDegrees">Direction of a linear gradient in degrees, CSS convention; ignored for radial ones.</param>
/// <param name="Stops">Two or more colour stops, from start to end.</param>
/// <param name="Circle">For a radial gradient: a circle instead of an ellipse that follows the canvas's aspect.</param>
public sealed record GradientBackground(GradientShape Shape, float AngleDegrees, IReadOnlyList<GradientStop> Stops, bool Circle = false) : BackgroundSpec
{
    /// <inheritdoc/>
    public override string Describe() =>
        $"{(Shape == GradientShape.Linear ? $"linear gradient {AngleDegrees:0.#}°" : "radial gradient")} {string.Join(" → ", Stops.Select(s => s.Color))}";

    /// <inheritdoc/>
    public override string ToCssText()
    {
        var stops = Stops.Select(stop => stop.Position is { } at
            ? $"{Hex(stop.Color, stop.Opacity)} {(at * 100).ToString("0.##", CultureInfo.InvariantCulture)}%"
            : Hex(stop.Color, stop.Opacity));
        string lead = Shape == GradientShape.Radial ? (Circle ? "circle" : "") : Direction(AngleDegrees);
        return $"{(Shape == GradientShape.Linear ? "linear" : "radial")}-gradient({string.Join(", ", lead.Length > 0 ? stops.Prepend(lead) : stops)})";
    }

    private static string Direction(float degrees) => degrees switch
    {
        0f => "to top",
        45f => "to top right",
        90f => "to right",
        135f => "to bottom right",
        180f => "to bottom",
        225f => "to bottom left",
        270f => "to left",
        315f => "to top left",
        _ => degrees.ToString("0.###", CultureInfo.InvariantCulture) + "deg",
    };

    /// <summary>Equal when shape, angle, circle flag and every stop match; compares the stops by value, not by list reference.</summary>
    public bool Equals(GradientBackground? other) =>
        other is not null && Shape == other.Shape && AngleDegrees == other.AngleDegrees && Circle == other.Circle && Stops.SequenceEqual(other.Stops);

    /// <summary>A hash consistent with the by-value <see cref="Equals(GradientBackground?)"/>.</summary>
    public override int GetHashCode() => HashCode.Combine(Shape, AngleDegrees, Circle, Stops.Count);

    internal static GradientBackground ParseLinear(string arguments, string original)
    {
        var parts = CssSyntax.SplitTopLevel(arguments);
        float angle = 180f;
        if (parts.Count > 0 && TryDirection(parts[0], out float parsed))
        {
            angle = parsed;
            parts.RemoveAt(0);
        }
        return new GradientBackground(GradientShape.Linear, angle, ParseStops(parts, original));
    }

    internal static GradientBackground ParseRadial(string arguments, string original)
    {
        var parts = CssSyntax.SplitTopLevel(arguments);
        bool circle = false;
        // The first argument may describe the shape ("circle", "ellipse at center"); only the shape is honoured.
        if (parts.Count > 0 && !CssColor.TryParse(FirstToken(parts[0]), out _, out _))
        {
            var words = parts[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (!words.All(w => w is "circle" or "ellipse" or "at" or "center" or "closest-side" or "farthest-corner" or "closest-corner" or "farthest-side"))
                throw BackgroundSpec.Invalid(original, $"'{parts[0]}' is not a radial shape (use circle or ellipse)");
            circle = words.Contains("circle");
            parts.RemoveAt(0);
        }
        return new GradientBackground(GradientShape.Radial, 0f, ParseStops(parts, original), circle);
    }

    private static string FirstToken(string part)
    {
        int paren = part.IndexOf('(');
        int space = part.IndexOf(' ');
        return space < 0 || (paren >= 0 && paren < space) ? part : part[..space];
    }

    private static bool TryDirection(string part, out float degrees)
    {
        var p = part.Trim().ToLowerInvariant();
        degrees = p switch
        {
            "to top" => 0f,
            "to top right" or "to right top" => 45f,
            "to right" => 90f,
            "to bottom right" or "to right bottom" => 135f,
            "to bottom" => 180f,
            "to bottom left" or "to left bottom" => 225f,
            "to left" => 270f,
            "to top left" or "to left top" => 315f,
            _ => float.NaN,
        };
        if (!float.IsNaN(degrees))
            return true;
        foreach (var (unit, toDegrees) in new[] { ("deg", 1f), ("turn", 360f), ("rad", 180f / MathF.PI) })
            if (p.EndsWith(unit, StringComparison.Ordinal) && float.TryParse(p[..^unit.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
            {
                degrees = value * toDegrees;
                return true;
            }
        return false;
    }

    private static List<GradientStop> ParseStops(List<string> parts, string original)
    {
        if (parts.Count < 2)
            throw BackgroundSpec.Invalid(original, "a gradient needs at least two colours");
        var stops = new List<GradientStop>(parts.Count);
        foreach (var part in parts)
        {
            var trimmed = part.Trim();
            float? position = null;
            int lastSpace = trimmed.LastIndexOf(' ');
            if (lastSpace > 0 && trimmed.EndsWith('%') && trimmed.LastIndexOf(')') < lastSpace
                && float.TryParse(trimmed[(lastSpace + 1)..^1], NumberStyles.Float, CultureInfo.InvariantCulture, out float percent))
            {
                position = Math.Clamp(percent / 100f, 0f, 1f);
                trimmed = trimmed[..lastSpace].Trim();
            }
            if (!CssColor.TryParse(trimmed, out var color, out float opacity))
                throw BackgroundSpec.Invalid(original, $"'{trimmed}' is not a colour");
            stops.Add(new GradientStop(color, opacity, position));
        }
        return stops;
    }
}

/// <summary>The photo's own background, blurred like a wide-open portrait lens; the subject stays sharp.</summary>
/// <param name="RadiusPixels">Blur radius in output pixels; null = <see cref="BackgroundSpec.DefaultBlurRadiusFraction"/> of the longer side.</param>
public sealed record BlurBackground(float? RadiusPixels) : BackgroundSpec
{
    /// <summary>The blur radius in pixels for an output of this size: the fixed radius, or the default fraction of the longer side (at least 2 px).</summary>
    public float RadiusFor(int width, int height) => RadiusPixels ?? Math.Max(2f, DefaultBlurRadiusFraction * Math.Max(width, height));

    /// <inheritdoc/>
    public override string Describe() => RadiusPixels is { } r ? $"original background blurred ({r:0.#} px)" : "original background blurred";

    /// <inheritdoc/>
    public override string ToCssText() => RadiusPixels is { } r ? $"blur({r.ToString("0.###", CultureInfo.InvariantCulture)}px)" : "blur";
}

/// <summary>A picture file behind the subject.</summary>
/// <param name="Path">The image file (JPEG, PNG, WebP, GIF or BMP); read when the cutout is composed, so a missing file fails then.</param>
/// <param name="Fit">How the picture fills a canvas of another shape; cover by default.</param>
public sealed record ImageBackground(string Path, ImageFit Fit = ImageFit.Cover) : BackgroundSpec
{
    private static readonly string[] ImageExtensions = [".jpg", ".jpeg", ".png", ".webp", ".gif", ".bmp"];

    /// <inheritdoc/>
    public override string Describe() => $"image {System.IO.Path.GetFileName(Path)} ({Fit.ToString().ToLowerInvariant()})";

    /// <inheritdoc/>
    public override string ToCssText() => $"url(\"{Path}\") {Fit.ToString().ToLowerInvariant()}";

    /// <summary><c>cover</c> (or <c>fill</c>), <c>contain</c> (or <c>fit</c>) or <c>stretch</c>, case-insensitive.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for any other word.</exception>
    public static ImageFit ParseFit(string text) => text.Trim().ToLowerInvariant() switch
    {
        "cover" or "fill" => ImageFit.Cover,
        "contain" or "fit" => ImageFit.Contain,
        "stretch" => ImageFit.Stretch,
        _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a fit (use cover, contain or stretch)"),
    };

    /// <summary>
    /// Reads and decodes the picture now, so a missing, unreadable or oversized file is refused, by its name, before
    /// any photo is processed (composing reads it again).
    /// </summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/>, naming the file and what is wrong with it.</exception>
    public void EnsureReadable() => _ = Decode();

    internal RgbaImage Decode()
    {
        if (!File.Exists(Path))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"background image not found: {Path}");
        try
        {
            return ImageDecoder.Decode(File.ReadAllBytes(Path)).Image;
        }
        catch (Exception e) when (e is CutoutException or IOException or UnauthorizedAccessException)
        {
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"background image {Path}: {e.Message}", e);
        }
    }

    internal static bool TryParse(string text, out ImageBackground image)
    {
        var fit = ImageFit.Cover;
        var path = text;
        int lastSpace = text.LastIndexOf(' ');
        if (lastSpace > 0 && text[(lastSpace + 1)..].ToLowerInvariant() is "cover" or "contain" or "stretch" or "fill" or "fit")
        {
            fit = ParseFit(text[(lastSpace + 1)..]);
            path = text[..lastSpace].Trim();
        }
        if (CssSyntax.TryFunction(path, "url", out var inner))
            path = inner.Trim().Trim('"', '\'');
        image = new ImageBackground(path, fit);
        return File.Exists(path) || ImageExtensions.Contains(System.IO.Path.GetExtension(path).ToLowerInvariant());
    }
}

/// <summary>A procedurally rendered backdrop (studio sweep, sunset beach…), see <see cref="SceneLibrary"/>.</summary>
/// <param name="Scene">The scene to render at the canvas's size.</param>
public sealed record SceneBackground(ScenePreset Scene) : BackgroundSpec
{
    /// <inheritdoc/>
    public override string Describe() => $"scene: {Scene.Name} ({Scene.Description})";

    /// <inheritdoc/>
    public override string ToCssText() => "scene:" + Scene.Name;
}
