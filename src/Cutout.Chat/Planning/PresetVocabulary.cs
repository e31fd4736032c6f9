using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Matting;
using Cutout.Presets;

namespace Cutout.Chat.Planning;

/// <summary>
/// The compositor's marketplace and profile presets (<see cref="MarketplacePresets"/>) as the planner sees them: the
/// words that name each one and the settings it fills into a plan unless the user asked otherwise. Everything here is
/// read from the catalogue, which stays the authority and verifies the output; the plan repeats the settings so a
/// described plan shows what the user will get.
/// </summary>
public static class PresetVocabulary
{
    public sealed record Preset(
        string Name,
        string DisplayName,
        IReadOnlyList<string[]> Cues,
        BackgroundSpec Background,
        OutputFormat Format,
        LayoutHints Layout,
        ShadowRequest? Shadow = null,
        EdgeCare EdgeCare = EdgeCare.Standard);

    /// <summary>A portrait preset that leaves the background open gets this light neutral grey, the conventional backdrop for profile photos.</summary>
    private static readonly BackgroundSpec PortraitBackdrop = new SolidBackground(new RgbColor(0xf2, 0xf2, 0xf2));

    /// <summary>A product preset that leaves the background open gets white, what every marketplace accepts.</summary>
    private static readonly BackgroundSpec ProductBackdrop = new SolidBackground(RgbColor.White);

    /// <summary>
    /// In the catalogue's order, strictest first: when a message names several ("Amazon/Shopify listing"), the first
    /// one's rules satisfy the rest.
    /// </summary>
    public static IReadOnlyList<Preset> All { get; } = [.. MarketplacePresets.All.Select(FromCatalogue)];

    /// <summary>Every word of every cue.</summary>
    public static IReadOnlySet<string> Words { get; } = All.SelectMany(p => p.Cues).SelectMany(cue => cue).ToHashSet();

    public static Preset? Named(string? name) => All.FirstOrDefault(p => p.Name == name);

    /// <summary>Every preset whose cue words all occur, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<Preset> FindAll(IReadOnlySet<string> words) =>
        All.Where(preset => preset.Cues.Any(cue => cue.All(words.Contains))).ToList();

    private static Preset FromCatalogue(MarketplacePreset preset)
    {
        // Head-and-shoulders framing means a person: their hair needs the finer edge refinement.
        bool portrait = preset.Layout.Framing == Framing.HeadAndShoulders;
        // The short title ("passport") and the name are what people write; a one-word alias ("profile") is too
        // common a word to mean the preset, a phrase ("id photo") is not.
        string[] cueTexts = [preset.ShortTitle, preset.Name, .. preset.Aliases.Where(alias => alias.Contains(' ') || alias.Contains('-'))];
        var canvas = preset.Layout.Canvas;
        return new Preset(
            preset.Name,
            preset.ShortTitle,
            Cues.From(cueTexts),
            preset.Background ?? (portrait ? PortraitBackdrop : ProductBackdrop),
            preset.PreferredFormat(opaque: true),
            new LayoutHints
            {
                Center = true,
                // A portrait's fill is of the head-and-shoulders box, not of the subject, so it is not the plan's fill.
                Fill = portrait || preset.Layout.Fill is not { } fill ? null : Math.Round(fill, 4),
                AspectRatio = canvas is (int w, int h) ? w / (float)h : preset.Layout.Aspect,
                Width = canvas?.Width,
                Height = canvas?.Height,
            },
            preset.Shadow is { } shadow ? ShadowRequestFor(shadow.Kind) : null,
            portrait ? EdgeCare.Fine : EdgeCare.Standard);
    }

    private static ShadowRequest ShadowRequestFor(ShadowKind kind) => kind switch
    {
        ShadowKind.Keep => ShadowRequest.Keep,
        ShadowKind.Drop => ShadowRequest.Drop,
        ShadowKind.Contact => ShadowRequest.Contact,
        _ => ShadowRequest.None,
    };
}
