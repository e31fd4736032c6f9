using System.Text.RegularExpressions;
using Cutout.Matting;

namespace Cutout.Chat.Planning;

/// <summary>How much edge care a message asks for, from what it says about the subject (hair, fur, glass) or the edges.</summary>
internal static partial class EdgeReader
{
    public static EdgeCare Read(InstructionText text) =>
        text.Has(MaximumEdgeCue()) ? EdgeCare.Maximum
        : text.Has(StrongEdgeCue()) ? EdgeCare.Strong
        : text.Has(FineEdgeCue()) ? EdgeCare.Fine
        : EdgeCare.Standard;

    [GeneratedRegex(@" (white|blonde|platinum|grey|gray|silver) (fur|hair|hairs|coat|feathers) | translucent | transparent (object|objects|glass|bottle|bottles|parts|material|plastic|vase|cup|liquid)| (glass|glassware|veil|veils|smoke|tulle|sheer|chiffon|bubbles) ")]
    private static partial Regex MaximumEdgeCue();

    [GeneratedRegex(@" (curly|frizzy|flyaway|flyaways|wispy|wisps|fur|furry|fluffy|fuzzy|feather|feathers|feathered|whiskers|afro|mane|plush|wool|woolly|strands|curls|dreadlocks|braids|lace|mesh) ")]
    private static partial Regex StrongEdgeCue();

    [GeneratedRegex(@" (hair|hairs|hairstyle|hairline|ponytail|beard|eyelashes|lashes|jewelry|jewellery|chain|necklace|earrings|glasses|eyeglasses|spokes|leaves|plants|intricate|delicate) | fine (detail|details|edge|edges|lines)| (fine|complex|detailed|difficult|tricky) edges | refine (the )?edges ")]
    private static partial Regex FineEdgeCue();

    [GeneratedRegex(@" (rough|jagged|harsh|choppy|pixelated|pixely|blocky|aliased|messy|uneven|ragged|grainy|blotchy|crude|smoother|smooth|smoothen|smoothed|refine|refined|soften|softer|cleaner|halo|halos|haloing|fringe|fringing|artifacts|artefacts|leftover|leftovers) | clean (it |them |this )?up | more (natural|precise|accurate|careful|detailed) | (cut off|chopped off|missing|missed) ")]
    internal static partial Regex EdgeComplaintCue();
}
