using System.Globalization;

namespace Cutout.Compositing;

/// <summary>CSS colour values: #RGB, #RGBA, #RRGGBB, #RRGGBBAA, rgb()/rgba() (comma or space syntax, numbers or percentages) and names.</summary>
internal static class CssColor
{
    public static bool TryParse(string text, out RgbColor color, out float opacity)
    {
        color = default;
        opacity = 1f;
        var t = text.Trim();
        if (t.StartsWith('#'))
            return TryParseHex(t.AsSpan(1), out color, out opacity);
        if (CssSyntax.TryFunction(t, "rgb", out var args) || CssSyntax.TryFunction(t, "rgba", out args))
            return TryParseRgbFunction(args, out color, out opacity);
        if (t.Equals("transparent", StringComparison.OrdinalIgnoreCase))
        {
            // CSS: transparent black, so a gradient can fade to nothing.
            opacity = 0f;
            return true;
        }
        return CssColorNames.All.TryGetValue(t.Replace(" ", "", StringComparison.Ordinal), out color);
    }

    public static RgbColor Parse(string text) =>
        TryParse(text, out var color, out _)
            ? color
            : throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a colour (try #FF5733, rgb(255 87 51) or a CSS name)");

    private static bool TryParseHex(ReadOnlySpan<char> hex, out RgbColor color, out float opacity)
    {
        color = default;
        opacity = 1f;
        if (hex.Length is not (3 or 4 or 6 or 8) || !uint.TryParse(hex, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint v))
            return false;
        bool shortForm = hex.Length <= 4;
        bool hasAlpha = hex.Length is 4 or 8;
        int bits = shortForm ? 4 : 8;
        int channels = hasAlpha ? 4 : 3;
        Span<byte> c = stackalloc byte[4];
        for (int i = 0; i < channels; i++)
        {
            uint value = (v >> ((channels - 1 - i) * bits)) & ((1u << bits) - 1);
            c[i] = (byte)(shortForm ? value * 17 : value);
        }
        color = new RgbColor(c[0], c[1], c[2]);
        opacity = hasAlpha ? c[3] / 255f : 1f;
        return true;
    }

    private static bool TryParseRgbFunction(string args, out RgbColor color, out float opacity)
    {
        color = default;
        opacity = 1f;
        // rgb(1, 2, 3), rgba(1, 2, 3, 0.5), rgb(1 2 3), rgb(1 2 3 / 50%)
        var slashParts = args.Split('/');
        var channelText = slashParts[0].Replace(',', ' ');
        var tokens = channelText.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToList();
        if (slashParts.Length == 2)
            tokens.Add(slashParts[1].Trim());
        else if (slashParts.Length > 2)
            return false;
        if (tokens.Count is not (3 or 4))
            return false;
        Span<byte> rgb = stackalloc byte[3];
        for (int i = 0; i < 3; i++)
        {
            if (!TryNumber(tokens[i], 255f, out float value))
                return false;
            rgb[i] = (byte)Math.Clamp(MathF.Round(value), 0, 255);
        }
        if (tokens.Count == 4)
        {
            if (!TryNumber(tokens[3], 1f, out float alpha))
                return false;
            opacity = Math.Clamp(alpha, 0f, 1f);
        }
        color = new RgbColor(rgb[0], rgb[1], rgb[2]);
        return true;
    }

    /// <summary>A plain number, or a percentage of <paramref name="full"/>.</summary>
    private static bool TryNumber(string token, float full, out float value)
    {
        bool percent = token.EndsWith('%');
        bool ok = float.TryParse(percent ? token[..^1] : token, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
        if (percent)
            value = value / 100f * full;
        return ok;
    }
}

/// <summary>The bits of CSS value syntax the option parsers share: <c>name(args)</c> and top-level comma lists.</summary>
internal static class CssSyntax
{
    /// <summary>A non-negative number of pixels (<c>40</c>, <c>40px</c>) or a percentage (<c>5%</c>).</summary>
    public static bool TryPixelsOrPercent(string text, out float value, out bool percent)
    {
        var t = text.Trim().ToLowerInvariant();
        percent = t.EndsWith('%');
        var number = percent ? t[..^1] : t.EndsWith("px", StringComparison.Ordinal) ? t[..^2] : t;
        return float.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && value >= 0 && float.IsFinite(value);
    }

    public static bool TryFunction(string text, string name, out string arguments)
    {
        arguments = "";
        var t = text.Trim();
        if (!t.StartsWith(name, StringComparison.OrdinalIgnoreCase) || !t.EndsWith(')'))
            return false;
        var rest = t[name.Length..].TrimStart();
        if (!rest.StartsWith('('))
            return false;
        arguments = rest[1..^1].Trim();
        return true;
    }

    /// <summary>Splits on commas that are not inside parentheses, so <c>rgb(1,2,3), red</c> is two items.</summary>
    public static List<string> SplitTopLevel(string arguments)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < arguments.Length; i++)
        {
            char c = arguments[i];
            if (c == '(')
                depth++;
            else if (c == ')')
                depth--;
            else if (c == ',' && depth == 0)
            {
                parts.Add(arguments[start..i].Trim());
                start = i + 1;
            }
        }
        parts.Add(arguments[start..].Trim());
        parts.RemoveAll(p => p.Length == 0);
        return parts;
    }

    /// <summary>A non-negative pixel length: <c>12</c> or <c>12px</c>.</summary>
    public static float ParseLength(string text, string original)
    {
        var t = text.Trim();
        if (t.EndsWith("px", StringComparison.OrdinalIgnoreCase))
            t = t[..^2];
        if (!float.TryParse(t, NumberStyles.Float, CultureInfo.InvariantCulture, out float value) || value < 0 || !float.IsFinite(value))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{original}': '{text}' is not a length in pixels");
        return value;
    }
}
