using System.Globalization;
using System.Text.RegularExpressions;
using Cutout.Compositing;

namespace Cutout.Chat.Planning;

/// <summary>Placement, size and margins a message asks for ("centred", "2000x2000", "10% padding", "4:5").</summary>
internal static partial class LayoutReader
{
    public static (LayoutHints, bool GenericPadding) Read(InstructionText text)
    {
        var layout = LayoutHints.Default;
        if (text.Has(CenterCue()))
            layout = layout with { Center = true };
        if (text.Has(CropCue()))
            layout = layout with { CropToSubject = true };
        if (Match(text, FillPercent()) is { } fill)
            layout = layout with { Fill = Math.Clamp(Number(fill, "n") / 100.0, 0.05, 1.0) };
        if (Match(text, PaddingPercent()) is { } paddingPercent)
            layout = layout with { PaddingRatio = Math.Clamp(Number(paddingPercent, "n") / 100.0, 0, 0.45) };
        else if (Match(text, PaddingPixels()) is { } paddingPixels)
            layout = layout with { PaddingPixels = (int)Number(paddingPixels, "n") };
        if (Match(text, Dimensions()) is { } size)
            layout = layout with { Width = (int)Number(size, "w"), Height = (int)Number(size, "h") };
        else
        {
            if (Match(text, WidthCue()) is { } width)
                layout = layout with { Width = (int)Number(width, "n") };
            if (Match(text, HeightCue()) is { } height)
                layout = layout with { Height = (int)Number(height, "n") };
        }
        if (Match(text, AspectRatioCue()) is { } ratio)
        {
            // "0:5" is no shape: the photo keeps its own.
            if (Number(ratio, "w") > 0 && Number(ratio, "h") > 0)
                layout = layout with { AspectRatio = LayoutOptions.ParseAspect($"{ratio.Groups["w"].Value}:{ratio.Groups["h"].Value}") };
        }
        else if (text.HasAny("square"))
        {
            layout = layout with { AspectRatio = 1f };
        }
        bool genericPadding = layout.PaddingRatio is null && layout.PaddingPixels is null && text.Has(GenericPaddingCue());
        return (layout, genericPadding);
    }

    private static Match? Match(InstructionText text, Regex pattern) => pattern.Match(text.Text) is { Success: true } m ? m : null;

    private static double Number(Match match, string group) => double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@" (center|centre|centered|centred|centering|centring|middle) ")]
    private static partial Regex CenterCue();

    [GeneratedRegex(@" (crop|cropped|trim|trimmed) | tight (crop|framing|fit) ")]
    private static partial Regex CropCue();

    [GeneratedRegex(@" (fill|fills|filling|fill of|occupy|occupies|occupying|cover|covers|covering) (about |around |roughly |approximately )?(?<n>\d{1,3}) ?% | (?<n>\d{1,3}) ?% (of the )?(frame|canvas|image|picture|fill|area)")]
    private static partial Regex FillPercent();

    [GeneratedRegex(@" (?<n>\d{1,2}) ?% (padding|margin|margins|border|space|whitespace)| (padding|margin|margins|border|space) of (?<n>\d{1,2}) ?% ")]
    private static partial Regex PaddingPercent();

    [GeneratedRegex(@" (?<n>\d{1,4}) ?(px|pixels?|pixel) (of )?(padding|margin|margins|border|space)| (padding|margin|margins|border) of (?<n>\d{1,4}) ?(px|pixels?) ")]
    private static partial Regex PaddingPixels();

    [GeneratedRegex(@" (some|little|more|extra|bit of|add|with|generous|breathing) (padding|margin|margins|room|whitespace|space around)")]
    private static partial Regex GenericPaddingCue();

    [GeneratedRegex(@" (?<w>\d{2,5}) ?(px |pixels )?(x|by) ?(?<h>\d{2,5})( ?px| pixels)? ")]
    private static partial Regex Dimensions();

    [GeneratedRegex(@" (?<n>\d{2,5}) ?(px|pixels?) (wide|width|across)| width (of )?(?<n>\d{2,5}) ?(px|pixels?)? ")]
    private static partial Regex WidthCue();

    [GeneratedRegex(@" (?<n>\d{2,5}) ?(px|pixels?) (tall|high|height)| height (of )?(?<n>\d{2,5}) ?(px|pixels?)? ")]
    private static partial Regex HeightCue();

    [GeneratedRegex(@" (?<w>\d{1,2}):(?<h>\d{1,2}) ")]
    private static partial Regex AspectRatioCue();
}
