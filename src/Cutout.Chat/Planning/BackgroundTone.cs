using System.Text.RegularExpressions;

namespace Cutout.Chat.Planning;

/// <summary>Makes a colour or gradient background darker or lighter ("a bit darker"), stop by stop.</summary>
internal static partial class BackgroundTone
{
    public static string Adjust(string background, ToneChange tone, double amount, List<string> notes)
    {
        if (!HexColor().IsMatch(background))
        {
            notes.Add($"The background ({background}) has no colour to make {(tone == ToneChange.Darker ? "darker" : "lighter")}, so I left it as it is.");
            return background;
        }
        return HexColor().Replace(background, match =>
        {
            ColorVocabulary.TryParseHex(match.Value, out var color);
            var adjusted = tone == ToneChange.Darker ? ColorVocabulary.Darker(color, amount) : ColorVocabulary.Lighter(color, amount);
            return ColorVocabulary.ToHex(adjusted);
        });
    }

    [GeneratedRegex("#[0-9a-f]{6}")]
    private static partial Regex HexColor();
}
