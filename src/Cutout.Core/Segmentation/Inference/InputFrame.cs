namespace Cutout.Segmentation;

/// <summary>Where the photo lies in the model's square input, in input pixels.</summary>
internal readonly record struct InputFrame(int Left, int Top, int Width, int Height)
{
    /// <summary>The whole square: the photo squashed to it, as the model was trained.</summary>
    public static InputFrame Stretched(int size) => new(0, 0, size, size);

    /// <summary>The photo's aspect kept: its long side fills the square, centred across the short side.</summary>
    public static InputFrame Letterboxed(int photoWidth, int photoHeight, int size)
    {
        int width = photoWidth >= photoHeight ? size : Math.Max(1, (int)Math.Round((double)size * photoWidth / photoHeight));
        int height = photoHeight >= photoWidth ? size : Math.Max(1, (int)Math.Round((double)size * photoHeight / photoWidth));
        return new InputFrame((size - width) / 2, (size - height) / 2, width, height);
    }
}
