namespace Cutout.Imaging;

/// <summary>
/// An 8-bit RGBA image with straight (not premultiplied) alpha, stored row-major without padding.
/// The one pixel container every pipeline stage reads and writes.
/// </summary>
public sealed class RgbaImage
{
    public RgbaImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 4)])
    {
    }

    public RgbaImage(int width, int height, byte[] pixels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (pixels.Length != (long)width * height * 4)
            throw new ArgumentException($"Expected {width * height * 4} bytes for {width}x{height} RGBA, got {pixels.Length}.", nameof(pixels));
        Width = width;
        Height = height;
        Pixels = pixels;
    }

    public int Width { get; }
    public int Height { get; }

    /// <summary>R, G, B, A bytes per pixel.</summary>
    public byte[] Pixels { get; }

    public int PixelCount => Width * Height;

    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 4, Width * 4);

    public RgbaImage Clone() => new(Width, Height, (byte[])Pixels.Clone());
}
