using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Evaluation;

/// <summary>
/// A developer photo with soft edges of known colour: its binary mask softened (box mean, radius 2) and
/// the photo composited along it over saturated green. The true foreground colour is then the photo
/// itself, so the colours a cutout keeps along the outline can be scored (the binary ground truth alone
/// cannot say which colour a mixed edge pixel should have).
/// </summary>
public sealed record GreenScreenComposite(RgbaImage Image, GroundTruthMatte Truth, RgbaImage TrueForeground)
{
    private static readonly byte[] Green = [20, 230, 40];

    public static GreenScreenComposite Of(RgbaImage photo, GroundTruthMatte mask)
    {
        ArgumentNullException.ThrowIfNull(photo);
        ArgumentNullException.ThrowIfNull(mask);
        var soft = mask.Alpha.Clone();
        BoxFilter.MeanInPlace(soft.Values, soft.Width, soft.Height, 2);
        var composite = photo.Clone();
        for (int i = 0; i < soft.Values.Length; i++)
            for (int c = 0; c < 3; c++)
                composite.Pixels[i * 4 + c] = (byte)(soft.Values[i] * photo.Pixels[i * 4 + c] + (1 - soft.Values[i]) * Green[c] + 0.5f);
        return new GreenScreenComposite(composite, new GroundTruthMatte(soft, mask.Ignored), photo);
    }
}
