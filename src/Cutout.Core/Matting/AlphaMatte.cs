namespace Cutout.Advanced;

/// <summary>
/// Per-pixel opacity in 0..1 (1 = foreground), row-major. Kept in floats so that upsampling and
/// matting stages do not lose the soft values of hair and translucent edges to 8-bit rounding.
/// </summary>
public sealed class AlphaMatte
{
    /// <summary>An all-background (alpha 0) matte of this size.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A side is 0 or negative.</exception>
    public AlphaMatte(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

    /// <summary>Wraps existing values without copying them; the matte and the caller share the array.</summary>
    /// <param name="width">Width in pixels, at least 1.</param>
    /// <param name="height">Height in pixels, at least 1.</param>
    /// <param name="values">Exactly <c>width × height</c> alphas, row by row, nominally 0..1.</param>
    /// <exception cref="ArgumentOutOfRangeException">A side is 0 or negative.</exception>
    /// <exception cref="ArgumentException"><paramref name="values"/> has the wrong length.</exception>
    public AlphaMatte(int width, int height, float[] values)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        if (values.Length != (long)width * height)
            throw new ArgumentException($"Expected {width * height} values for {width}x{height}, got {values.Length}.", nameof(values));
        Width = width;
        Height = height;
        Values = values;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }
    /// <summary>Height in pixels.</summary>
    public int Height { get; }
    /// <summary>The alphas row by row, writable in place; stages may leave values slightly outside 0..1, which encoders clamp.</summary>
    public float[] Values { get; }

    /// <summary>The <see cref="Width"/> alphas of row <paramref name="y"/> (0 = top), writable in place.</summary>
    public Span<float> Row(int y) => Values.AsSpan(y * Width, Width);

    /// <summary>The alpha at column <paramref name="x"/>, row <paramref name="y"/>; no bounds check beyond the array's own.</summary>
    public float this[int x, int y]
    {
        get => Values[y * Width + x];
        set => Values[y * Width + x] = value;
    }

    /// <summary>A deep copy with its own value array.</summary>
    public AlphaMatte Clone() => new(Width, Height, (float[])Values.Clone());
}
