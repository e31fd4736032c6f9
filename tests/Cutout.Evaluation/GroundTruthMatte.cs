using Cutout.Advanced;

namespace Cutout.Evaluation;

/// <summary>
/// A reference matte to score against: the true alpha plus the pixels that must not be scored
/// (PASCAL VOC marks an unlabelled band along each outline with grey value 128).
/// </summary>
public sealed class GroundTruthMatte
{
    /// <summary>The grey value PASCAL VOC uses for "don't care".</summary>
    public const byte DontCareValue = 128;

    public GroundTruthMatte(AlphaMatte alpha, bool[]? ignored = null)
    {
        if (ignored is not null && ignored.Length != alpha.Values.Length)
            throw new ArgumentException("The ignore mask must match the alpha's size.", nameof(ignored));
        Alpha = alpha;
        Ignored = ignored ?? new bool[alpha.Values.Length];
    }

    public AlphaMatte Alpha { get; }

    /// <summary>True where the pixel is left out of every score.</summary>
    public bool[] Ignored { get; }

    public int Width => Alpha.Width;
    public int Height => Alpha.Height;

    /// <summary>Reads an 8-bit grey mask (255 = foreground); value 128 becomes "don't care".</summary>
    public static GroundTruthMatte FromMaskFile(ReadOnlySpan<byte> encoded)
    {
        var image = ImageDecoder.Decode(encoded).Image;
        var alpha = new AlphaMatte(image.Width, image.Height);
        var ignored = new bool[image.PixelCount];
        var px = image.Pixels;
        for (int i = 0; i < ignored.Length; i++)
        {
            byte grey = px[i * 4];
            ignored[i] = grey == DontCareValue;
            alpha.Values[i] = grey / 255f;
        }
        return new GroundTruthMatte(alpha, ignored);
    }
}
