using System.CommandLine;
using Cutout.Compositing;
using Cutout.Matting;
using Cutout.Presets;

namespace Cutout.Cli;

/// <summary>
/// Flags for what goes around the cutout (background, shadow, layout, preset) and the refinement knobs;
/// each value is parsed by the library's own parser so the CLI and the chat server accept the same text.
/// </summary>
internal sealed class CompositionArguments
{
    private readonly Option<string?> _fit = new("--background-fit") { Description = "For an image background: cover (default), contain or stretch." };
    private readonly Option<string?> _shadow = new("--shadow") { Description = "none (default), keep (the photo's own shadow), drop or contact." };
    private readonly Option<string?> _shadowOpacity = new("--shadow-opacity") { Description = "Shadow opacity, 0.4 or 40%." };
    private readonly Option<string?> _shadowBlur = new("--shadow-blur") { Description = "Shadow blur radius in px." };
    private readonly Option<string?> _shadowOffset = new("--shadow-offset") { Description = "Drop-shadow offset X,Y in px, e.g. 8,12." };
    private readonly Option<bool> _trim = new("--trim") { Description = "Crop to the subject's bounding box." };
    private readonly Option<string?> _margin = new("--margin") { Description = "Space around the subject: 20, 20px or 5% (of the subject's longer side)." };
    private readonly Option<string?> _canvas = new("--canvas") { Description = "Exact output size, e.g. 2000x2000." };
    private readonly Option<string?> _aspect = new("--aspect") { Description = "Output aspect ratio, e.g. 1:1 or 4:5." };
    private readonly Option<string?> _position = new("--position") { Description = "center (default), top, bottom, left, right, top-left..." };
    private readonly Option<string?> _fill = new("--fill") { Description = "Share of the canvas the subject spans, e.g. 85%." };
    private readonly Option<float?> _scale = new("--scale") { Description = "Scale factor of the result when no canvas is given." };
    private readonly Option<int?> _maxSize = new("--max-size") { Description = "Longest output side in px." };
    private readonly Option<bool> _allowUpscale = new("--allow-upscale") { Description = "Allow enlarging the subject beyond its photographed size." };
    private readonly Option<string?> _framing = new("--framing") { Description = "subject (default) or head-and-shoulders (profile photos)." };
    private readonly Option<bool> _harmonize = new("--harmonize") { Description = "Match the subject's light to a picture background." };
    private readonly Option<bool> _circle = new("--circle") { Description = "Cut the result to a circle (avatar preview)." };
    private readonly Option<string?> _preset = new("--preset") { Description = $"Marketplace/profile preset: {string.Join(", ", MarketplacePresets.All.Select(p => p.Name))}." };
    private readonly Option<string?> _edgeCare = new("--edge-care")
    {
        Description = $"How much care the edges get: {string.Join(", ", Enum.GetNames<EdgeCare>().Select(n => n.ToLowerInvariant()))} (hair: fine, fur or curls: strong, glass or white fur: maximum). The expert flags below override its parts.",
    };
    private readonly Option<float?> _bandScale = new("--band-scale") { Description = "Expert: width of the refined edge band (1 = automatic)." };
    private readonly Option<float?> _strength = new("--strength") { Description = "Expert: 0 keeps the model's edge, 1 (default) trusts the matting solver." };
    private readonly Option<float?> _edgeSoftness = new("--edge-softness")
    {
        Description = "Expert: 0 (default) cuts edges crisply except where the model sees hair or translucency; up to 1 keeps every edge soft (fine hair, fur; max mode solves them as a soft matte).",
    };
    private readonly Option<bool> _noDecontaminate = new("--no-decontaminate") { Description = "Expert: keep original pixel colours at soft edges." };

    public IEnumerable<Option> All =>
    [
        _fit, _shadow, _shadowOpacity, _shadowBlur, _shadowOffset, _trim, _margin, _canvas, _aspect, _position, _fill,
        _scale, _maxSize, _allowUpscale, _framing, _harmonize, _circle, _preset, _edgeCare, _bandScale, _strength, _edgeSoftness, _noDecontaminate,
    ];

    public CompositionOptions ToComposition(ParseResult parse, BackgroundSpec background)
    {
        if (parse.GetValue(_fit) is { } fit)
        {
            background = background is ImageBackground image
                ? image with { Fit = ImageBackground.ParseFit(fit) }
                : throw new CutoutException(CutoutErrorKind.InvalidOption, "--background-fit applies only to an image background");
        }

        var shadow = parse.GetValue(_shadow) is { } shadowText ? ShadowSpec.Parse(shadowText) : ShadowSpec.None;
        if (parse.GetValue(_shadowOpacity) is { } opacity)
            shadow = shadow with { Opacity = ShadowSpec.ParseOpacity(opacity) };
        if (parse.GetValue(_shadowBlur) is { } blur)
            shadow = shadow with { BlurRadius = ShadowSpec.ParseBlur(blur) };
        if (parse.GetValue(_shadowOffset) is { } offset)
            shadow = shadow with { Offset = ShadowSpec.ParseOffset(offset) };

        var layout = new LayoutOptions
        {
            Trim = parse.GetValue(_trim),
            Margin = parse.GetValue(_margin) is { } margin ? LayoutOptions.ParseMargin(margin) : Margin.None,
            Canvas = parse.GetValue(_canvas) is { } canvas ? LayoutOptions.ParseCanvas(canvas) : null,
            Aspect = parse.GetValue(_aspect) is { } aspect ? LayoutOptions.ParseAspect(aspect) : null,
            Position = parse.GetValue(_position) is { } position ? LayoutOptions.ParsePosition(position) : Placement.Center,
            Fill = parse.GetValue(_fill) is { } fill ? LayoutOptions.ParseFill(fill) : null,
            Scale = parse.GetValue(_scale) is { } scale
                ? float.IsFinite(scale) && scale > 0 ? scale : throw new CutoutException(CutoutErrorKind.InvalidOption, $"--scale must be a positive number, not {scale}")
                : 1f,
            MaxSize = parse.GetValue(_maxSize) is { } maxSize
                ? maxSize > 0 ? maxSize : throw new CutoutException(CutoutErrorKind.InvalidOption, $"--max-size must be a positive number of pixels, not {maxSize}")
                : null,
            AllowUpscale = parse.GetValue(_allowUpscale),
            Framing = parse.GetValue(_framing) is { } framing ? LayoutOptions.ParseFraming(framing) : Framing.Subject,
        };

        return new CompositionOptions
        {
            Background = background,
            Shadow = shadow,
            Layout = layout,
            HarmonizeLight = parse.GetValue(_harmonize),
            CircleCrop = parse.GetValue(_circle),
        };
    }

    public MarketplacePreset? ToPreset(ParseResult parse) => parse.GetValue(_preset) is { } preset ? MarketplacePresets.Get(preset) : null;

    public RefinementOptions ToRefinement(ParseResult parse)
    {
        var level = EdgeCarePresets.For(parse.GetValue(_edgeCare) is { } care ? EdgeCarePresets.Parse(care) : EdgeCare.Standard);
        return level with
        {
            BandScale = parse.GetValue(_bandScale) ?? level.BandScale,
            Strength = parse.GetValue(_strength) ?? level.Strength,
            EdgeSoftness = parse.GetValue(_edgeSoftness) is { } softness
                ? softness is >= 0f and <= 1f ? softness : throw new CutoutException(CutoutErrorKind.InvalidOption, $"--edge-softness must be between 0 and 1, not {softness}")
                : level.EdgeSoftness,
            Decontaminate = !parse.GetValue(_noDecontaminate),
        };
    }
}
