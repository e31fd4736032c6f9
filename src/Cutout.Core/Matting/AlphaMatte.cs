namespace Cutout.Matting;

/// <summary>
/// Per-pixel opacity in 0..1 (1 = foreground), row-major. Kept in floats so that upsampling and
/// matting stages do not lose the soft values of hair and translucent edges to 8-bit rounding.
/// </summary>
public sealed class AlphaMatte
{
    public AlphaMatte(int width, int height)
        : this(width, height, new float[checked(width * height)])
    {
    }

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

    public int Width { get; }
    public int Height { get; }
    public float[] Values { get; }

    public Span<float> Row(int y) => Values.AsSpan(y * Width, Width);

    public float this[int x, int y]
    {
        get => Values[y * Width + x];
        set => Values[y * Width + x] = value;
    }

    public AlphaMatte Clone() => new(Width, Height, (float[])Values.Clone());
}
