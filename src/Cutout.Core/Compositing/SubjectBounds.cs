using Cutout.Advanced;

namespace Cutout.Compositing;

/// <summary>An axis-aligned pixel rectangle; <see cref="Right"/> and <see cref="Bottom"/> are exclusive.</summary>
/// <param name="X">Left column, 0 = the image's left edge.</param>
/// <param name="Y">Top row, 0 = the image's top edge.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
public readonly record struct PixelRect(int X, int Y, int Width, int Height)
{
    /// <summary>The first column to the right of the rectangle.</summary>
    public int Right => X + Width;

    /// <summary>The first row below the rectangle.</summary>
    public int Bottom => Y + Height;

    /// <summary>Whether the rectangle covers no pixel (zero or negative width or height).</summary>
    public bool IsEmpty => Width <= 0 || Height <= 0;

    /// <summary>The larger of width and height, in pixels.</summary>
    public int LongestSide => Math.Max(Width, Height);

    /// <summary>The horizontal centre in pixel coordinates (may be a half pixel).</summary>
    public float CenterX => X + Width / 2f;

    /// <summary>The vertical centre in pixel coordinates (may be a half pixel).</summary>
    public float CenterY => Y + Height / 2f;

    /// <summary>For reports: <c>WIDTHxHEIGHT at (X,Y)</c>.</summary>
    public override string ToString() => $"{Width}x{Height} at ({X},{Y})";
}

/// <summary>Where the subject is, read from its alpha.</summary>
internal static class SubjectBounds
{
    /// <summary>Alpha below this is edge haze or matting noise, not subject.</summary>
    public const float SolidAlpha = 0.2f;

    /// <summary>
    /// Share of the subject's pixels that may be dropped at each side, so that a few stray specks far from
    /// the subject (segmentation noise) do not stretch the box. 0.05% keeps thin real parts such as antennas.
    /// </summary>
    public const float NoiseShare = 0.0005f;

    /// <summary>The tight box around the subject, ignoring faint alpha and isolated specks; empty when there is no subject.</summary>
    public static PixelRect Find(AlphaMatte alpha)
    {
        int w = alpha.Width, h = alpha.Height;
        var columns = new long[w];
        var rows = new long[h];
        var values = alpha.Values;
        for (int y = 0; y < h; y++)
        {
            var row = values.AsSpan(y * w, w);
            long count = 0;
            for (int x = 0; x < w; x++)
                if (row[x] >= SolidAlpha)
                {
                    columns[x]++;
                    count++;
                }
            rows[y] = count;
        }
        long total = rows.Sum();
        if (total == 0)
            return default;
        long allowed = (long)(total * NoiseShare);
        var (left, right) = TrimmedRange(columns, allowed);
        var (top, bottom) = TrimmedRange(rows, allowed);
        return new PixelRect(left, top, right - left + 1, bottom - top + 1);
    }

    /// <summary>First and last index after skipping at most <paramref name="allowed"/> counts from each end.</summary>
    private static (int First, int Last) TrimmedRange(long[] histogram, long allowed)
    {
        int first = 0, last = histogram.Length - 1;
        for (long skipped = 0; first < last; first++)
        {
            if (histogram[first] > 0 && skipped + histogram[first] > allowed)
                break;
            skipped += histogram[first];
        }
        for (long skipped = 0; last > first; last--)
        {
            if (histogram[last] > 0 && skipped + histogram[last] > allowed)
                break;
            skipped += histogram[last];
        }
        return (first, last);
    }
}
