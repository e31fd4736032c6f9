using System.Globalization;
using Cutout.Imaging;

namespace Cutout.Compositing;

/// <summary>Where the framed subject sits on the canvas.</summary>
public enum Placement
{
    /// <summary>Centred both ways.</summary>
    Center,

    /// <summary>Against the top margin, centred horizontally.</summary>
    Top,

    /// <summary>Against the bottom margin, centred horizontally (a product standing on the frame's floor).</summary>
    Bottom,

    /// <summary>Against the left margin, centred vertically.</summary>
    Left,

    /// <summary>Against the right margin, centred vertically.</summary>
    Right,

    /// <summary>In the top-left corner, inside the margin.</summary>
    TopLeft,

    /// <summary>In the top-right corner, inside the margin.</summary>
    TopRight,

    /// <summary>In the bottom-left corner, inside the margin.</summary>
    BottomLeft,

    /// <summary>In the bottom-right corner, inside the margin.</summary>
    BottomRight,
}

/// <summary>A length in output pixels, or a percentage of the framed subject's longer side.</summary>
/// <param name="Value">The length, 0 or more: pixels, or percent when <paramref name="IsPercent"/>.</param>
/// <param name="IsPercent">Whether <paramref name="Value"/> is a percentage of the subject's longer side.</param>
public readonly record struct Margin(float Value, bool IsPercent)
{
    /// <summary>No margin: the framed subject may touch the canvas edge.</summary>
    public static Margin None { get; } = new(0, false);

    /// <summary>The margin in pixels for a subject whose longer side, after scaling, is <paramref name="subjectLongestSide"/> pixels.</summary>
    public float ToPixels(float subjectLongestSide) => IsPercent ? Value / 100f * subjectLongestSide : Value;

    /// <summary>The margin as it would be typed: <c>40px</c> or <c>5%</c>.</summary>
    public override string ToString() => IsPercent ? $"{Value:0.##}%" : $"{Value:0.##}px";
}

/// <summary>
/// How the cutout is cropped, scaled and placed. The defaults keep the photo's own frame and size.
/// Output sizes are in pixels of the final image.
/// </summary>
public sealed record LayoutOptions
{
    /// <summary>The photo's own frame and size: no trim, canvas, fill or scaling.</summary>
    public static LayoutOptions Original { get; } = new();

    /// <summary>Crop to the subject's bounding box (from alpha, ignoring faint noise) before placing it.</summary>
    public bool Trim { get; init; }

    /// <summary>What part of the subject the layout frames: the whole subject (default) or a portrait's head and shoulders.</summary>
    public Framing Framing { get; init; } = Framing.Subject;

    /// <summary>Space kept between the framed subject and the canvas edge.</summary>
    public Margin Margin { get; init; } = Margin.None;

    /// <summary>A different space on each side of the framed subject; when set it takes the place of <see cref="Margin"/>.</summary>
    public SideMargins? SideMargins { get; init; }

    /// <summary>Exact output size; null = derived from the subject, margin and <see cref="Aspect"/>.</summary>
    public (int Width, int Height)? Canvas { get; init; }

    /// <summary>Canvas aspect ratio (width / height) when no exact <see cref="Canvas"/> is given, e.g. 1 for 1:1.</summary>
    public float? Aspect { get; init; }

    /// <summary>Where the framed subject sits when the canvas has room to spare; centred by default.</summary>
    public Placement Position { get; init; } = Placement.Center;

    /// <summary>
    /// Where the framed subject sits in the spare room, as a fraction of each axis (e.g. 30% across, 70% down);
    /// when set it takes the place of <see cref="Position"/>.
    /// </summary>
    public Anchor? Anchor { get; init; }

    /// <summary>
    /// Share of the canvas the framed subject fills: its box is scaled until it spans this fraction of the canvas
    /// in its limiting direction (Amazon's 85% = longest side of the product at 85% of a square's side).
    /// </summary>
    public float? Fill { get; init; }

    /// <summary>Extra scale factor for the whole result when no <see cref="Canvas"/> fixes the size.</summary>
    public float Scale { get; init; } = 1f;

    /// <summary>Longest output side; larger results are scaled down to it.</summary>
    public int? MaxSize { get; init; }

    /// <summary>Most output pixels (width × height); larger results are scaled down, keeping their aspect.</summary>
    public long? MaxPixels { get; init; }

    /// <summary>Scale the subject above its photographed size (invents detail, so it is opt-in).</summary>
    public bool AllowUpscale { get; init; }

    /// <summary>
    /// When the canvas would need upscaling and that is refused, the canvas may shrink (keeping its aspect)
    /// down to this longest side instead; null = the canvas size is fixed. Presets set it from their minimum size.
    /// </summary>
    public int? MinCanvasSide { get; init; }

    /// <summary>Whether anything beyond the photo's own frame is asked for.</summary>
    public bool ChangesFrame => Trim || Canvas is not null || Aspect is not null || Fill is not null || Framing != Framing.Subject;

    /// <summary>
    /// Refuses, before any pixel is processed, a layout whose output would exceed <see cref="OutputLimits"/>
    /// for a photo of this size: a fixed canvas, or the photo's own frame scaled. Layouts that depend on where
    /// the subject is (trim, fill, aspect) are checked again once it is known.
    /// </summary>
    public void CheckOutputSize(int sourceWidth, int sourceHeight)
    {
        if (Trim || Framing != Framing.Subject)
        {
            if (Canvas is var (width, height))
                OutputLimits.Check(width, height, "The canvas");
            return;
        }
        var wholePhoto = new PixelRect(0, 0, sourceWidth, sourceHeight);
        LayoutPlan.Create(sourceWidth, sourceHeight, wholePhoto, wholePhoto, this);
    }

    /// <summary><c>20</c>, <c>20px</c> or <c>5%</c>.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for anything else, or a negative length.</exception>
    public static Margin ParseMargin(string text)
    {
        if (!CssSyntax.TryPixelsOrPercent(text, out float value, out bool percent))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a margin (use 40, 40px or 5%)");
        return new Margin(value, percent);
    }

    /// <summary><c>85%</c> or <c>0.85</c>: the share of the canvas the subject spans.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless the share is in (0, 1].</exception>
    public static float ParseFill(string text)
    {
        var t = text.Trim();
        bool percent = t.EndsWith('%');
        if (float.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
        {
            value = percent ? value / 100f : value;
            if (value is > 0f and <= 1f)
                return value;
        }
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a fill (use 85% or 0.85)");
    }

    /// <summary><c>2000x2000</c> (also <c>2000×2000</c>, <c>2000*2000</c>) or a single number for a square.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless both sides are whole numbers in 1..16384.</exception>
    public static (int Width, int Height) ParseCanvas(string text)
    {
        var parts = text.Trim().ToLowerInvariant().Split(['x', '×', '*'], StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out int w)
            && int.TryParse(parts[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int h)
            && w > 0 && h > 0)
        {
            OutputLimits.Check(w, h, $"Canvas '{text}'");
            return (w, h);
        }
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a canvas size (use WIDTHxHEIGHT, e.g. 2000x2000)");
    }

    /// <summary><c>1:1</c>, <c>4:5</c>, <c>16/9</c> or a plain ratio like <c>1.5</c>; returns width / height.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless both numbers are positive.</exception>
    public static float ParseAspect(string text)
    {
        var parts = text.Trim().Split([':', '/'], StringSplitOptions.TrimEntries);
        if (parts.Length is 1 or 2
            && float.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out float a)
            && (parts.Length == 1 ? 1f : float.Parse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture)) is var b
            && a > 0 && b > 0 && float.IsFinite(a / b))
            return a / b;
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not an aspect ratio (use 1:1, 4:5, 16:9)");
    }

    /// <summary>
    /// The ratio as <see cref="ParseAspect"/> reads it back: "16:9" for a ratio of two small whole numbers (up to
    /// 32), else the plain number ("1.618").
    /// </summary>
    public static string FormatAspect(float ratio)
    {
        for (int height = 1; height <= 32; height++)
        {
            int width = (int)MathF.Round(ratio * height);
            if (width > 0 && MathF.Abs(width / (float)height - ratio) <= 1e-4f * ratio)
                return $"{width}:{height}";
        }
        return ratio.ToString("0.####", CultureInfo.InvariantCulture);
    }

    /// <summary><c>center</c>, <c>top</c>, <c>bottom</c>, <c>left</c>, <c>right</c>, <c>top-left</c>… (also <c>centre</c>, <c>top left</c>).</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for any other position.</exception>
    public static Placement ParsePosition(string text) =>
        text.Trim().ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal).Replace("_", "-", StringComparison.Ordinal) switch
        {
            "center" or "centre" or "middle" => Placement.Center,
            "top" => Placement.Top,
            "bottom" => Placement.Bottom,
            "left" => Placement.Left,
            "right" => Placement.Right,
            "top-left" or "left-top" => Placement.TopLeft,
            "top-right" or "right-top" => Placement.TopRight,
            "bottom-left" or "left-bottom" => Placement.BottomLeft,
            "bottom-right" or "right-bottom" => Placement.BottomRight,
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a position (use center, top, bottom, left, right, top-left…)"),
        };

    /// <summary><c>subject</c> (also <c>full</c>, <c>auto</c>) or <c>head-and-shoulders</c> (also <c>headshot</c>, <c>portrait</c>).</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for any other framing.</exception>
    public static Framing ParseFraming(string text) =>
        text.Trim().ToLowerInvariant().Replace(" ", "-", StringComparison.Ordinal) switch
        {
            "subject" or "full" or "auto" => Framing.Subject,
            "head-and-shoulders" or "head-shoulders" or "headshot" or "portrait" => Framing.HeadAndShoulders,
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a framing (use subject or head-and-shoulders)"),
        };
}
