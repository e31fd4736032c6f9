using System.Globalization;
using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>
/// Colour words people use in requests, with their sRGB values. Names that CSS also defines
/// (CSS Color Module Level 4, §6.1) take the CSS value, so "light blue" here equals CSS <c>lightblue</c>.
/// </summary>
public static class ColorVocabulary
{
    /// <summary>Names keyed by their words joined with single spaces, e.g. "light blue".</summary>
    public static IReadOnlyDictionary<string, RgbColor> Named { get; } = new Dictionary<string, uint>
    {
        ["white"] = 0xFFFFFF, ["pure white"] = 0xFFFFFF, ["bright white"] = 0xFFFFFF, ["snow white"] = 0xFFFAFA,
        ["off white"] = 0xFAF9F6, ["ivory"] = 0xFFFFF0, ["cream"] = 0xFFFDD0, ["beige"] = 0xF5F5DC, ["linen"] = 0xFAF0E6,
        ["black"] = 0x000000, ["pure black"] = 0x000000, ["jet black"] = 0x0A0A0A, ["charcoal"] = 0x36454F,
        ["grey"] = 0x808080, ["gray"] = 0x808080, ["light grey"] = 0xD3D3D3, ["light gray"] = 0xD3D3D3,
        ["dark grey"] = 0xA9A9A9, ["dark gray"] = 0xA9A9A9, ["silver"] = 0xC0C0C0, ["slate"] = 0x708090,
        ["slate grey"] = 0x708090, ["slate gray"] = 0x708090, ["neutral grey"] = 0xBDBDBD, ["neutral gray"] = 0xBDBDBD,
        ["red"] = 0xFF0000, ["dark red"] = 0x8B0000, ["crimson"] = 0xDC143C, ["maroon"] = 0x800000, ["burgundy"] = 0x800020,
        ["scarlet"] = 0xFF2400, ["coral"] = 0xFF7F50, ["salmon"] = 0xFA8072, ["peach"] = 0xFFE5B4,
        ["orange"] = 0xFFA500, ["dark orange"] = 0xFF8C00, ["yellow"] = 0xFFFF00, ["light yellow"] = 0xFFFFE0,
        ["pale yellow"] = 0xFFFFE0, ["gold"] = 0xFFD700, ["golden"] = 0xFFD700, ["mustard"] = 0xFFDB58,
        ["khaki"] = 0xF0E68C, ["sand"] = 0xC2B280, ["tan"] = 0xD2B48C, ["taupe"] = 0x483C32, ["brown"] = 0xA52A2A,
        ["chocolate"] = 0xD2691E,
        ["green"] = 0x008000, ["light green"] = 0x90EE90, ["dark green"] = 0x006400, ["lime"] = 0x00FF00,
        ["lime green"] = 0x32CD32, ["forest green"] = 0x228B22, ["olive"] = 0x808000, ["olive green"] = 0x6B8E23,
        ["mint"] = 0x98FF98, ["mint green"] = 0x98FF98, ["sage"] = 0xB2AC88, ["sage green"] = 0xB2AC88,
        ["emerald"] = 0x50C878, ["teal"] = 0x008080, ["turquoise"] = 0x40E0D0, ["aqua"] = 0x00FFFF, ["cyan"] = 0x00FFFF,
        ["blue"] = 0x0000FF, ["light blue"] = 0xADD8E6, ["dark blue"] = 0x00008B, ["navy"] = 0x000080,
        ["navy blue"] = 0x000080, ["sky blue"] = 0x87CEEB, ["baby blue"] = 0x89CFF0, ["powder blue"] = 0xB0E0E6,
        ["royal blue"] = 0x4169E1, ["steel blue"] = 0x4682B4, ["midnight blue"] = 0x191970, ["cobalt"] = 0x0047AB,
        ["cobalt blue"] = 0x0047AB, ["indigo"] = 0x4B0082,
        ["purple"] = 0x800080, ["violet"] = 0xEE82EE, ["lavender"] = 0xE6E6FA, ["lilac"] = 0xC8A2C8, ["plum"] = 0xDDA0DD,
        ["magenta"] = 0xFF00FF, ["fuchsia"] = 0xFF00FF, ["pink"] = 0xFFC0CB, ["light pink"] = 0xFFB6C1,
        ["hot pink"] = 0xFF69B4, ["blush"] = 0xDE5D83, ["rose"] = 0xFF007F,
    }.ToDictionary(pair => pair.Key, pair => FromRgb(pair.Value));

    /// <summary>Words that shade any base colour not listed with them ("pale green", "deep purple").</summary>
    private static readonly Dictionary<string, Func<RgbColor, RgbColor>> Shades = new()
    {
        ["light"] = c => Mix(c, White, 0.5),
        ["pale"] = c => Mix(c, White, 0.6),
        ["pastel"] = c => Mix(c, White, 0.6),
        ["soft"] = c => Mix(c, White, 0.4),
        ["dark"] = c => Mix(c, Black, 0.45),
        ["deep"] = c => Mix(c, Black, 0.35),
        ["bright"] = c => c,
        ["vivid"] = c => c,
        ["solid"] = c => c,
        ["plain"] = c => c,
    };

    private static readonly RgbColor White = new(255, 255, 255);
    private static readonly RgbColor Black = new(0, 0, 0);

    /// <summary>The longest multi-word name in <see cref="Named"/>, in words.</summary>
    private const int LongestName = 2;

    /// <summary>Every single word that is part of a colour name (for the typo vocabulary).</summary>
    public static IEnumerable<string> Words =>
        Named.Keys.SelectMany(name => name.Split(' ')).Concat(Shades.Keys).Distinct();

    /// <summary>
    /// Reads a colour starting at <paramref name="start"/>: a hex code, a name, or a shade word plus a name.
    /// Returns how many tokens it used (0 when there is no colour there).
    /// </summary>
    public static int TryRead(IReadOnlyList<string> tokens, int start, out RgbColor color)
    {
        color = default;
        if (start >= tokens.Count)
            return 0;
        if (TryParseHex(tokens[start], out color))
            return 1;
        for (int length = Math.Min(LongestName, tokens.Count - start); length >= 1; length--)
        {
            if (Named.TryGetValue(string.Join(' ', tokens.Skip(start).Take(length)), out color))
                return length;
        }
        if (Shades.TryGetValue(tokens[start], out var shade))
        {
            int used = TryRead(tokens, start + 1, out var baseColor);
            if (used > 0)
            {
                color = shade(baseColor);
                return used + 1;
            }
        }
        return 0;
    }

    /// <summary>#rgb or #rrggbb.</summary>
    public static bool TryParseHex(string token, out RgbColor color)
    {
        color = default;
        if (!token.StartsWith('#') || (token.Length != 4 && token.Length != 7)
            || !uint.TryParse(token.AsSpan(1), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out uint value))
            return false;
        if (token.Length == 4)
            value = ((value & 0xF00) * 0x1100) | ((value & 0x0F0) * 0x110) | ((value & 0x00F) * 0x11);
        color = FromRgb(value);
        return true;
    }

    /// <summary>Lowercase #rrggbb, the form plans carry.</summary>
    public static string ToHex(RgbColor color) => $"#{color.R:x2}{color.G:x2}{color.B:x2}";

    /// <summary>Linear blend towards <paramref name="target"/> by <paramref name="amount"/> (0..1), per channel in sRGB.</summary>
    public static RgbColor Mix(RgbColor color, RgbColor target, double amount) => new(
        (byte)Math.Round(color.R + ((target.R - color.R) * amount)),
        (byte)Math.Round(color.G + ((target.G - color.G) * amount)),
        (byte)Math.Round(color.B + ((target.B - color.B) * amount)));

    public static RgbColor Darker(RgbColor color, double amount) => Mix(color, Black, amount);

    public static RgbColor Lighter(RgbColor color, double amount) => Mix(color, White, amount);

    private static RgbColor FromRgb(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);
}
