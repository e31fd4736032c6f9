using System.Globalization;
using System.Text.RegularExpressions;
using Cutout.Imaging;

namespace Cutout.Chat.Planning;

/// <summary>Says in one sentence what a plan will do, for the thinking and text events.</summary>
internal static partial class Describer
{
    public static string Summarize(ChatPlan plan)
    {
        if (plan.Kind == PlanKind.Undo)
            return $"Going back to the previous result ({Count(plan.Images.Urls.Count, "image")}).";

        var parts = new List<string> { $"{(plan.MaskOnly ? "Make the alpha mask of" : "Remove the background from")} {Images(plan.Images)}" };
        if (!plan.MaskOnly)
            parts.Add(Background(plan.Background ?? "transparent"));
        if (plan.Shadow is { } shadow)
        {
            parts.Add(shadow switch
            {
                ShadowRequest.Keep => "keep the original shadows",
                ShadowRequest.Drop => "add a soft drop shadow",
                ShadowRequest.Contact => "add a contact shadow under the subject",
                _ => "remove all shadows",
            });
        }
        if (plan.EdgeCare != EdgeCare.Standard)
        {
            parts.Add(plan.EdgeCare switch
            {
                EdgeCare.Fine => "refine fine edges such as hair carefully",
                EdgeCare.Strong => "use strong edge refinement for curly hair, fur and flyaway strands",
                _ => "use maximum edge refinement for white or translucent edges, without halos",
            });
        }
        if (Layout(plan.Layout) is { Length: > 0 } layout)
            parts.Add(layout);
        parts.Add($"export {FormatName(plan.Format ?? OutputFormat.Png)}");

        string sentence = string.Join(", ", parts.Take(parts.Count - 1)) + " and " + parts[^1];
        if (PresetVocabulary.Named(plan.Preset) is { } preset)
            sentence += $", following the {preset.DisplayName} preset";
        return sentence + (plan.Mode == QualityMode.Eco ? " (eco mode)." : ".");
    }

    private static string Images(ImageSelection images) => images.Origin switch
    {
        ImageOrigin.Attached => images.Urls.Count == 1 ? "the attached image" : $"the {images.Urls.Count} attached images",
        _ => images.Urls.Count == 1 ? "the previous image" : $"the {images.Urls.Count} previous images",
    };

    private static string Background(string background)
    {
        if (background == "transparent")
            return "leave it transparent";
        if (background == "blur")
            return "blur the original background";
        if (background.StartsWith(ChosenSettings.UploadedBackgroundPrefix, StringComparison.Ordinal))
            return "put it on the uploaded background image";
        if (background.StartsWith("scene:", StringComparison.Ordinal))
        {
            string name = background["scene:".Length..];
            string description = SceneVocabulary.All.FirstOrDefault(s => s.Name == name)?.Description ?? name;
            return $"place the subject in {description}";
        }
        var stops = HexColor().Matches(background).Select(m => m.Value).ToList();
        if (background.StartsWith("linear-gradient", StringComparison.Ordinal))
            return $"put it on a gradient from {stops[0]} to {stops[^1]}";
        return $"put it on a solid {NameOf(background)} background";
    }

    private static string NameOf(string hex)
    {
        string? name = ColorVocabulary.Named.FirstOrDefault(pair => ColorVocabulary.ToHex(pair.Value) == hex).Key;
        return name is null ? hex : $"{name} ({hex})";
    }

    private static string Layout(LayoutHints layout)
    {
        var parts = new List<string>();
        if (layout.CropToSubject)
            parts.Add("crop to the subject");
        if (layout.Center)
            parts.Add("centre it");
        if (layout.Fill is { } fill)
            parts.Add($"filling {Percent(fill)} of the frame");
        if (layout.PaddingRatio is { } padding)
            parts.Add($"with {Percent(padding)} padding");
        if (layout.PaddingPixels is { } pixels)
            parts.Add($"with {pixels} px padding");
        if (layout.Width is not null || layout.Height is not null)
            parts.Add($"at {layout.Width?.ToString(CultureInfo.InvariantCulture) ?? "auto"}x{layout.Height?.ToString(CultureInfo.InvariantCulture) ?? "auto"} px");
        else if (layout.AspectRatio is { } ratio)
            parts.Add(ratio == "1:1" ? "on a square canvas" : $"on a {ratio} canvas");
        return string.Join(" ", parts);
    }

    private static string Percent(double ratio) => (ratio * 100).ToString("0.#", CultureInfo.InvariantCulture) + "%";

    private static string FormatName(OutputFormat format) => format switch
    {
        OutputFormat.Png => "PNG",
        OutputFormat.WebP => "WebP",
        _ => "JPEG",
    };

    private static string Count(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    [GeneratedRegex("#[0-9a-f]{6}")]
    private static partial Regex HexColor();
}
