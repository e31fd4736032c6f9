using System.Globalization;

namespace Cutout.Compositing;

/// <summary>An opaque sRGB colour.</summary>
public readonly record struct RgbColor(byte R, byte G, byte B)
{
    public override string ToString() => $"#{R:X2}{G:X2}{B:X2}";
}

/// <summary>The background behind the subject, parsed from CSS-like text.</summary>
public abstract record BackgroundSpec
{
    public static BackgroundSpec Transparent { get; } = new TransparentBackground();

    public static BackgroundSpec Parse(string text)
    {
        var t = text.Trim();
        if (t.Equals("transparent", StringComparison.OrdinalIgnoreCase) || t.Equals("none", StringComparison.OrdinalIgnoreCase))
            return Transparent;
        if (t.StartsWith('#') && t.Length == 7 && int.TryParse(t.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out int rgb))
            return new SolidBackground(new RgbColor((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb));
        throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a background (try transparent, #RRGGBB)");
    }
}

public sealed record TransparentBackground : BackgroundSpec;

public sealed record SolidBackground(RgbColor Color) : BackgroundSpec;
