using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Segmentation;

/// <summary>
/// Max mode's second look at a photo the model was unsure of. ISNet was trained on photos squashed to its
/// square, and on most photos that input serves best; but on some close-ups (hair, fur, plants filling the
/// frame) the squashed photo leaves large parts of the subject weakly foreground, and the same photo
/// letterboxed, its aspect kept, is drawn with confidence. So when a first pass leaves many pixels weakly
/// foreground, the photo is run again letterboxed: a clearly surer letterboxed alpha replaces the first,
/// otherwise the two views are averaged. Letterboxing every photo instead loses whole subjects on binary
/// photos (davis-blackswan IoU 0.96 → 0.49); their first pass is sure, so they get no second look.
/// Measured with `bench max-input-study` (docs/tuning.md).
/// </summary>
internal static class SecondLook
{
    // A pass is unsure when more than this share of its pixels is weakly foreground (alpha in WeakLow..0.5).
    // Triggered on 10 of 16 soft mattes, 3 of 20 dev photos and 1 of 15 objects.
    public const float UnsureShare = 0.04f;

    // The letterboxed alpha replaces the first only with under half its weak share. The soft mattes it won
    // on alone had ratios 0.04–0.46 (am-gt01 SAD 62 → 1.1 thousand, am-gt27 224 → 43); every binary photo had
    // 0.7 or more, where the letterboxed alpha alone was worse (davis-horsejump-high 0.735 → 0.412).
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

    /// <summary>
    /// The letterboxed alpha when it is clearly surer than the squashed one, else the mean of the two views at
    /// the squashed alpha's size. Averaging the photos both passes were unsure of took max's dev IoU from 0.8607
    /// to 0.8666 (davis-libby 0.590 → 0.757) and the soft mattes' gradient error from −21.9% to −26.4% of raw,
    /// where keeping the squashed alpha had left them as they were (docs/tuning.md).
    /// </summary>
    public static AlphaMatte Combine(AlphaMatte stretched, AlphaMatte letterboxed)
    {
        if (WeakShare(letterboxed) < ClearlySurer * WeakShare(stretched))
            return letterboxed;
        var second = Resampling.ResizeBilinear(letterboxed, stretched.Width, stretched.Height).Values;
        var mean = new float[second.Length];
        for (int i = 0; i < mean.Length; i++)
            mean[i] = (stretched.Values[i] + second[i]) / 2f;
        return new AlphaMatte(stretched.Width, stretched.Height, mean);
    }
}
