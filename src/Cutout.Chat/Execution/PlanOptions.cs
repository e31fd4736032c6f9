using Cutout.Chat.Inputs;
using Cutout.Chat.Planning;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Segmentation;

namespace Cutout.Chat.Execution;

/// <summary>Maps a resolved <see cref="ChatPlan"/> onto the pipeline's <see cref="CutoutOptions"/>.</summary>
public static class PlanOptions
{
    public static CutoutOptions ToCutoutOptions(ChatPlan plan, ModelDescriptor? pinnedModel, ImageInputOptions inputs) => new()
    {
        Mode = plan.Mode,
        Model = pinnedModel,
        Refinement = plan.Refinement,
        Composition = new CompositionOptions { Background = BackgroundSpec.Parse(plan.Background ?? "transparent") },
        Output = OutputOptions.Default with { Format = plan.Format, MaskOnly = plan.MaskOnly },
        Limits = DecodeLimits.Default with
        {
            MinSide = inputs.MinSide,
            MaxWidth = inputs.MaxSide,
            MaxHeight = inputs.MaxSide,
            MaxEncodedBytes = inputs.MaxBytesPerImage,
        },
    };

    /// <summary>The model a plan runs with: the pinned one, else the mode's.</summary>
    public static ModelDescriptor ModelFor(ChatPlan plan, ModelDescriptor? pinnedModel) => pinnedModel ?? ModelCatalog.ForMode(plan.Mode);
}
