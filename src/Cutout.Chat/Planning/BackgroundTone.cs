using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>Makes a colour or gradient background darker or lighter ("a bit darker"), stop by stop.</summary>
internal static class BackgroundTone
{
    public static BackgroundSpec Adjust(BackgroundSpec background, ToneShift tone, List<string> notes)
    {
        switch (background)
        {
            case SolidBackground solid:
                return solid with { Color = Shift(solid.Color, tone) };
            case GradientBackground gradient:
                return gradient with { Stops = [.. gradient.Stops.Select(stop => stop with { Color = Shift(stop.Color, tone) })] };
            default:
                notes.Add($"The background ({background.ToCssText()}) has no colour to make {(tone.Direction == ToneChange.Darker ? "darker" : "lighter")}, so I left it as it is.");
                return background;
        }
    }

    private static RgbColor Shift(RgbColor color, ToneShift tone) =>
        tone.Direction == ToneChange.Darker ? ColorVocabulary.Darker(color, tone.Amount) : ColorVocabulary.Lighter(color, tone.Amount);
}
