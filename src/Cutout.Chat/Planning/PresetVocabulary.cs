using Cutout.Imaging;

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

    public static IReadOnlyList<Preset> All { get; } =
    [
        // Amazon main image rules: pure white RGB 255,255,255 background, the product filling 85% of the frame, JPEG preferred.
        new("amazon", "Amazon", [["amazon"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.85, AspectRatio = "1:1" }),
        // Shopify recommends square 2048x2048 product images; white keeps a store's collection pages consistent.
        new("shopify", "Shopify", [["shopify"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.85, AspectRatio = "1:1", Width = 2048, Height = 2048 }),
        // eBay: white or light-grey background, 1600 px on the longest side recommended.
        new("ebay", "eBay", [["ebay"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.8, AspectRatio = "1:1", Width = 1600, Height = 1600 }),
        // Etsy thumbnails are 4:3; 2000 px wide is the recommended listing photo size.
        new("etsy", "Etsy", [["etsy"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, Fill = 0.8, AspectRatio = "4:3", Width = 2000, Height = 1500 }),
        // LinkedIn shows profile photos as squares (400x400 minimum); a light neutral grey is the conventional backdrop.
        new("linkedin", "LinkedIn", [["linkedin"]], "#f2f2f2", OutputFormat.Jpeg,
            new LayoutHints { Center = true, AspectRatio = "1:1", Width = 800, Height = 800 }, EdgeCare: EdgeCare.Fine),
        // US passport photo: 2x2 in at 300 dpi, plain white background, no shadows on face or background.
        new("passport", "passport", [["passport"], ["visa", "photo"], ["id", "photo"]], "#ffffff", OutputFormat.Jpeg,
            new LayoutHints { Center = true, AspectRatio = "1:1", Width = 600, Height = 600 }, ShadowRequest.None, EdgeCare.Fine),
    ];

    public static IEnumerable<string> Words => All.SelectMany(p => p.Cues).SelectMany(cue => cue).Distinct();

    public static Preset? Named(string? name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Every preset whose cue words all occur, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<Preset> FindAll(IReadOnlySet<string> words) =>
        All.Where(preset => preset.Cues.Any(cue => cue.All(words.Contains))).ToList();
}
