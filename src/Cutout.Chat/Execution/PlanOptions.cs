using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Presets;
using Cutout.Segmentation;

namespace Cutout.Chat.Execution;

/// <summary>Maps a resolved <see cref="ChatPlan"/> onto the pipeline's <see cref="CutoutOptions"/>.</summary>
public static class PlanOptions
{
    public static CutoutOptions ToCutoutOptions(ChatPlan plan, ModelDescriptor? pinnedModel, ImageInputOptions inputs)
    {
        var background = plan.Background ?? BackgroundSpec.Transparent;
        var composition = new CompositionOptions
        {
            Background = background,
            Shadow = new ShadowSpec { Kind = ShadowKindFor(plan.Shadow) },
            Layout = LayoutFor(plan.Layout),
            // Someone asking to be placed in a scene wants to look lit by it; the colour shift is the point.
            HarmonizeLight = background is SceneBackground,
        };
        return new CutoutOptions
        {
            Preset = MarketplacePresets.Find(plan.Preset ?? ""),
            Mode = plan.Mode,
            Model = pinnedModel,
            Refinement = plan.Refinement,
            Composition = composition,
            Output = OutputOptions.Default with { Format = plan.Format, MaskOnly = plan.MaskOnly },
            Limits = LimitsFor(inputs),
        };
    }

    /// <summary>The decoder's guards for images that passed the input rules, so both agree on what is acceptable.</summary>
    public static DecodeLimits LimitsFor(ImageInputOptions inputs) => DecodeLimits.Default with
    {
        MinSide = inputs.MinSide,
        MaxWidth = inputs.MaxSide,
        MaxHeight = inputs.MaxSide,
        MaxEncodedBytes = inputs.MaxBytesPerImage,
    };

    /// <summary>The model a plan runs with: the pinned one, else the mode's.</summary>
    public static ModelDescriptor ModelFor(ChatPlan plan, ModelDescriptor? pinnedModel) => pinnedModel ?? ModelCatalog.ForMode(plan.Mode);

    private static ShadowKind ShadowKindFor(ShadowRequest? shadow) => shadow switch
    {
        ShadowRequest.Keep => ShadowKind.Keep,
        ShadowRequest.Drop => ShadowKind.Drop,
        ShadowRequest.Contact => ShadowKind.Contact,
        _ => ShadowKind.None,
    };

    private static LayoutOptions LayoutFor(LayoutHints hints)
    {
        if (hints.IsDefault)
            return LayoutOptions.Original;
        float? aspect = hints.AspectRatio;
        (int, int)? canvas = (hints.Width, hints.Height, aspect) switch
        {
            (int w, int h, _) => (w, h),
            (int w, null, float a) => (w, (int)Math.Round(w / a)),
            (null, int h, float a) => ((int)Math.Round(h * a), h),
            _ => null,
        };
        return LayoutOptions.Original with
        {
            // Centring means placing the subject's own box, so the photo's frame is given up.
            Trim = hints.CropToSubject || hints.Center,
            Position = Placement.Center,
            Canvas = canvas,
            Aspect = canvas is null ? aspect : null,
            Fill = (float?)hints.Fill,
            MaxSize = canvas is null ? hints.Width ?? hints.Height : null,
            Margin = MarginFor(hints),
        };
    }

    /// <summary>
    /// The plan's padding is a share of the canvas side; the compositor's is a share of the subject's longer
    /// side. A subject filling (1 - 2r) of the side with r on each edge has a margin of r / (1 - 2r) of itself.
    /// </summary>
    private static Margin MarginFor(LayoutHints hints) =>
        hints.PaddingPixels is int pixels ? new Margin(pixels, IsPercent: false)
        : hints.PaddingRatio is double ratio and > 0 and < 0.5 ? new Margin((float)(ratio / (1 - 2 * ratio) * 100), IsPercent: true)
        : Margin.None;
}
