using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>Turns an <see cref="EdgeCare"/> level into the refinement stage's knobs.</summary>
public static class EdgeCareRefinement
{
    // A wider unknown band lets the matting solver reach the tips of hair and fur that the coarse
    // model mask cuts off; each level widens it by half the automatic width.
    private static readonly RefinementOptions Fine = RefinementOptions.Default with { BandScale = 1.5f };
    private static readonly RefinementOptions Strong = RefinementOptions.Default with { BandScale = 2f };
    private static readonly RefinementOptions Maximum = RefinementOptions.Default with { BandScale = 2.5f };

    public static RefinementOptions For(EdgeCare care) => care switch
    {
        EdgeCare.Standard => RefinementOptions.Default,
        EdgeCare.Fine => Fine,
        EdgeCare.Strong => Strong,
        EdgeCare.Maximum => Maximum,
        _ => throw new ArgumentOutOfRangeException(nameof(care)),
    };
}
