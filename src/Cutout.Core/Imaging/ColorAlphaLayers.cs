using Cutout.Imaging;

namespace Cutout.Advanced;

/// <summary>
/// A cutout as two files, the way compositing tools and remove.bg's zip answer carry it: the colours as
/// an opaque JPEG (small, lossy) and the transparency as a lossless greyscale PNG mask.
/// </summary>
public static class ColorAlphaLayers
{
    /// <param name="cutout">An encoded RGBA cutout (PNG or WebP) whose colours are kept under transparent pixels.</param>
    /// <param name="quality">JPEG quality of the colour layer, 1..100.</param>
    /// <returns>The colour layer as JPEG bytes and the alpha as a greyscale PNG mask.</returns>
    public static (byte[] ColorJpeg, byte[] AlphaPng) Split(ReadOnlySpan<byte> cutout, int quality = 92)
    {
        var image = ImageDecoder.Decode(cutout).Image;
        // The JPEG encoder ignores the A channel, so each pixel keeps its straight (unpremultiplied) colour.
        return (ImageEncoder.Encode(image, OutputFormat.Jpeg, quality), ImageEncoder.EncodeMask(image.AlphaChannel()));
    }
}
