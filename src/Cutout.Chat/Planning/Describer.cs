using System.Globalization;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>Says in one sentence what a plan will do, for the thinking and text events.</summary>
internal static class Describer
{
    public static string Summarize(ChatPlan plan)
    {
        if (plan.Kind == PlanKind.Undo)
            return $"Going back to the previous result ({Count(plan.Images.Urls.Count, "image")}).";

        var parts = new List<string> { $"{(plan.MaskOnly ? "Make the alpha mask of" : "Remove the background from")} {Images(plan.Images)}" };
        if (!plan.MaskOnly)
            parts.Add(Background(plan.Background ?? BackgroundSpec.Transparent));
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

    private static string Background(BackgroundSpec background) => background switch
    {
        TransparentBackground => "leave it transparent",
        BlurBackground => "blur the original background",
        ImageBackground => "put it on the uploaded background image",
        SceneBackground scene => $"place the subject in {scene.Scene.Phrase}",
        GradientBackground gradient =>
            $"put it on a gradient from {ColorVocabulary.ToHex(gradient.Stops[0].Color)} to {ColorVocabulary.ToHex(gradient.Stops[^1].Color)}",
        SolidBackground solid => $"put it on a solid {NameOf(solid.Color)} background",
        _ => $"put it on {background.Describe()}",
    };

    private static string NameOf(RgbColor color)
    {
        string hex = ColorVocabulary.ToHex(color);
        string? name = ColorVocabulary.Named.FirstOrDefault(pair => pair.Value == color).Key;
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
            parts.Add(ratio == 1f ? "on a square canvas" : $"on a {LayoutOptions.FormatAspect(ratio)} canvas");
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
}
