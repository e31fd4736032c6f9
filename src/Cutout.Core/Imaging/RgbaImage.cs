using System.Numerics;
using System.Runtime.InteropServices;

namespace Cutout.Advanced;

/// <summary>
/// An 8-bit RGBA image with straight (not premultiplied) alpha, stored row-major without padding.
/// The one pixel container every pipeline stage reads and writes.
/// </summary>
public sealed class RgbaImage
{
    /// <summary>A fully transparent black image of this size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is 0 or negative.</exception>
    /// <exception cref="OverflowException">The pixel buffer would exceed 2 GB.</exception>
    public RgbaImage(int width, int height)
        : this(width, height, new byte[checked(width * height * 4)])
    {
    }

    /// <summary>Wraps existing pixels without copying them; the image and the caller share the array.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="pixels">Exactly <c>width × height × 4</c> bytes, R, G, B, A per pixel, row by row.</param>
    /// <exception cref="ArgumentOutOfRangeException">A side is 0 or negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="pixels"/> has the wrong length.</exception>
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

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>R, G, B, A bytes per pixel.</summary>
    public byte[] Pixels { get; }

    /// <summary>Width × height.</summary>
    public int PixelCount => Width * Height;

    /// <summary>The <c>Width × 4</c> bytes of row <paramref name="y"/> (0 = top), writable in place.</summary>
    public Span<byte> Row(int y) => Pixels.AsSpan(y * Width * 4, Width * 4);

    /// <summary>A deep copy with its own pixel array.</summary>
    public RgbaImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    /// <summary>A copy whose A channel holds <paramref name="alpha"/>, quantised to 8 bits; the colours stay as they are.</summary>
    public RgbaImage WithAlpha(AlphaMatte alpha)
    {
        ArgumentNullException.ThrowIfNull(alpha);
        if (alpha.Width != Width || alpha.Height != Height)
            throw new ArgumentException("The alpha must have the image's size.", nameof(alpha));
        var output = Clone();
        var px = output.Pixels;
        var a = alpha.Values;
        for (int i = 0; i < a.Length; i++)
            px[i * 4 + 3] = (byte)(Math.Clamp(a[i], 0f, 1f) * 255f + 0.5f);
        return output;
    }

    /// <summary>The A channel as a matte (0..1).</summary>
    internal AlphaMatte AlphaChannel()
    {
        var alpha = new AlphaMatte(Width, Height);
        var values = alpha.Values;
        for (int i = 0; i < values.Length; i++)
            values[i] = Pixels[i * 4 + 3] / 255f;
        return alpha;
    }

    /// <summary>True when every pixel's alpha is 255 (checked a vector of pixels at a time).</summary>
    public bool IsOpaque()
    {
        var words = MemoryMarshal.Cast<byte, uint>(Pixels);
        uint opaqueAlpha = BitConverter.IsLittleEndian ? 0xFF000000u : 0x000000FFu;
        var alphaMask = new Vector<uint>(opaqueAlpha);
        int i = 0;
        for (; i + Vector<uint>.Count <= words.Length; i += Vector<uint>.Count)
            if (!Vector.EqualsAll(new Vector<uint>(words.Slice(i)) & alphaMask, alphaMask))
                return false;
        for (; i < words.Length; i++)
            if ((words[i] & opaqueAlpha) != opaqueAlpha)
                return false;
        return true;
    }
}
