using Cutout.Advanced;

namespace Cutout.Segmentation;

/// <summary>
/// Max mode's second look at a photo the model was unsure of. ISNet was trained on photos squashed to its
/// square, and on most photos that input serves best; but on some close-ups (hair, fur, plants filling the
/// frame) the squashed photo leaves large parts of the subject weakly foreground, and the same photo
/// letterboxed, its aspect kept, is drawn with confidence. So when a first pass leaves many pixels weakly
/// foreground, the photo is run again letterboxed and the clearly surer alpha is kept. On the 16 soft mattes
/// this cut the raw SAD by 44% (geometric mean; am-gt01 62 → 1.1 thousand, am-gt27 224 → 43); letterboxing
/// every photo instead loses whole subjects on binary photos (davis-blackswan IoU 0.96 → 0.49), and those
/// are less sure, so the rule keeps their squashed alpha. Measured with `bench max-input-study`.
/// </summary>
internal static class SecondLook
{
    // A pass is unsure when more than this share of its pixels is weakly foreground (alpha in WeakLow..0.5).
    // Triggered on 10 of 16 soft mattes, 3 of 20 dev photos and 1 of 15 objects (their first pass stays).
    public const float UnsureShare = 0.04f;

    // The letterboxed alpha wins only with under half the first pass's weak share. The soft mattes it won
    // on had ratios 0.04–0.46; every binary photo had 0.7 or more, where the letterboxed alpha was worse.
    public const float ClearlySurer = 0.5f;

    // Below this the model means background: its clean background sits at 0 to 0.01.
    private const float WeakLow = 0.02f;

    /// <summary>The share of pixels that <paramref name="alpha"/> marks weakly foreground.</summary>
    public static float WeakShare(AlphaMatte alpha)
    {
        int weak = 0;
        foreach (float value in alpha.Values)
            if (value > WeakLow && value < 0.5f)
                weak++;
        return (float)weak / alpha.Values.Length;
    }

    /// <summary>Whether the squashed pass left enough of the photo weakly foreground to be worth a letterboxed pass.</summary>
    public static bool IsUnsure(AlphaMatte stretched) => WeakShare(stretched) > UnsureShare;

    /// <summary>The letterboxed alpha when it is clearly surer than the squashed one, else the squashed one.</summary>
    public static AlphaMatte Surer(AlphaMatte stretched, AlphaMatte letterboxed) =>
        WeakShare(letterboxed) < ClearlySurer * WeakShare(stretched) ? letterboxed : stretched;
}
