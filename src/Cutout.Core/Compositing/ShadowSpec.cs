using System.Globalization;

namespace Cutout.Compositing;

/// <summary>Which shadow, if any, is drawn under the subject.</summary>
public enum ShadowKind
{
    /// <summary>No shadow.</summary>
    None,

    /// <summary>The subject's real cast shadow, lifted from the photo as a semi-transparent dark layer.</summary>
    Keep,

    /// <summary>A synthetic soft shadow of the subject's outline, offset down and to the side.</summary>
    Drop,

    /// <summary>A synthetic soft ellipse under the subject's base, as if standing on a surface.</summary>
    Contact,
}

/// <summary>
/// The shadow under the subject. Sizes default to fractions of the placed subject's longer side so a shadow
/// looks the same at 500 and 5000 px; set them to pin exact pixels.
/// </summary>
public sealed record ShadowSpec
{
    /// <summary>No shadow, the default.</summary>
    public static ShadowSpec None { get; } = new();

    /// <summary>Which shadow to draw; none by default.</summary>
    public ShadowKind Kind { get; init; } = ShadowKind.None;

    /// <summary>0..1; null = the kind's default (drop 0.35, contact 0.55, keep 1 = as photographed).</summary>
    public float? Opacity { get; init; }

    /// <summary>Blur radius in output pixels; null = relative to the subject's size.</summary>
    public float? BlurRadius { get; init; }

    /// <summary>Drop-shadow offset in output pixels; null = relative (down and slightly right).</summary>
    public (float X, float Y)? Offset { get; init; }

    /// <summary>The opacity actually drawn, 0..1: <see cref="Opacity"/> or the kind's default, clamped.</summary>
    public float EffectiveOpacity => Math.Clamp(Opacity ?? Kind switch
    {
        ShadowKind.Drop => 0.35f,
        ShadowKind.Contact => 0.55f,
        _ => 1f,
    }, 0f, 1f);

    /// <summary>A shadow of the named kind with default sizes: <c>none</c>, <c>keep</c> (also <c>original</c>), <c>drop</c> or <c>contact</c> (also <c>floor</c>).</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> for any other word.</exception>
    public static ShadowSpec Parse(string text) => new()
    {
        Kind = text.Trim().ToLowerInvariant() switch
        {
            "none" or "off" or "no" => ShadowKind.None,
            "keep" or "original" or "natural" or "real" => ShadowKind.Keep,
            "drop" or "drop-shadow" => ShadowKind.Drop,
            "contact" or "floor" or "ground" => ShadowKind.Contact,
            _ => throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a shadow (use none, keep, drop or contact)"),
        },
    };

    /// <summary><c>0.4</c> or <c>40%</c>.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless the opacity is in 0..1.</exception>
    public static float ParseOpacity(string text)
    {
        var t = text.Trim();
        bool percent = t.EndsWith('%');
        if (float.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out float value))
        {
            value = percent ? value / 100f : value;
            if (value is >= 0f and <= 1f)
                return value;
        }
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not an opacity (use 0..1 or 0%..100%)");
    }

    /// <summary><c>8,12</c> or <c>8 12</c> (x right, y down, pixels).</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless there are exactly two numbers.</exception>
    public static (float X, float Y) ParseOffset(string text)
    {
        var parts = text.Split([',', ' ', 'x'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && float.TryParse(parts[0].Replace("px", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out float x)
            && float.TryParse(parts[1].Replace("px", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out float y))
            return (x, y);
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a shadow offset (use X,Y in pixels, e.g. 8,12)");
    }

    /// <summary>A blur radius in pixels: <c>12</c> or <c>12px</c>.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.InvalidOption"/> unless it is a non-negative number.</exception>
    public static float ParseBlur(string text) => CssSyntax.ParseLength(text, text);
}
