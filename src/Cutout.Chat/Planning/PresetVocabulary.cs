using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>
/// Marketplace and profile presets: the words that name them and the settings they imply. The planner
/// fills these into a plan unless the user asked otherwise; the compositor's preset rules then check them.
/// </summary>
public static class PresetVocabulary
{
    public sealed record Preset(
        string Name,
        string DisplayName,
        IReadOnlyList<string[]> Cues,
        string Background,
        OutputFormat Format,
        LayoutHints Layout,
        ShadowRequest? Shadow = null,
        EdgeCare EdgeCare = EdgeCare.Standard);

    /// <summary>
    /// Strictest first: when a message names several ("Amazon/Shopify listing"), the first one's rules satisfy the rest.
    /// Names, sizes and fills mirror the compositor's marketplace presets (docs/presets.md), which remain the authority
    /// and verify the output; the plan repeats them so a described plan shows what the user will get.
    /// </summary>
    public static IReadOnlyList<Preset> All { get; } =
    [
        // Amazon main image: pure white RGB 255,255,255, product filling 85% of the frame, JPEG preferred, >= 1000 px for zoom.
        new("amazon", "Amazon", [["amazon"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.85, AspectRatio = "1:1", Width = 2000, Height = 2000 }),
        // Shopify recommends square 2048x2048 product images; white keeps a store's collection pages consistent.
        new("shopify", "Shopify", [["shopify"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.85, AspectRatio = "1:1", Width = 2048, Height = 2048 }),
        // eBay: white background recommended, 1600 px on the longest side.
        new("ebay", "eBay", [["ebay"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.85, AspectRatio = "1:1", Width = 1600, Height = 1600 }),
        // Etsy: >= 2000 px wide recommended; square avoids the thumbnail crop. Any background is allowed; white is our default.
        new("etsy", "Etsy", [["etsy"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.8, AspectRatio = "1:1", Width = 2000, Height = 2000 }),
        // LinkedIn shows profile photos as squares (>= 400x400); a light neutral grey is the conventional backdrop.
        new("linkedin", "LinkedIn", [["linkedin"]], "#f2f2f2", OutputFormat.Jpeg,
            new LayoutHints { Center = true, AspectRatio = "1:1", Width = 1024, Height = 1024 }, EdgeCare: EdgeCare.Fine),
        // US passport photo: 600..1200 px square JPEG, plain white background, no shadows on face or background.
        new("passport-white", "passport", [["passport"], ["visa", "photo"], ["id", "photo"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, AspectRatio = "1:1", Width = 1200, Height = 1200 }, ShadowRequest.None, EdgeCare.Fine),
    ];

    /// <summary>Every word of every cue.</summary>
    public static IReadOnlySet<string> Words { get; } = All.SelectMany(p => p.Cues).SelectMany(cue => cue).ToHashSet();

    public static Preset? Named(string? name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Every preset whose cue words all occur, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<Preset> FindAll(IReadOnlySet<string> words) =>
        All.Where(preset => preset.Cues.Any(cue => cue.All(words.Contains))).ToList();
}
