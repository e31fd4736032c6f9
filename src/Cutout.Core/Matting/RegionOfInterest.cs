using Cutout.Advanced;
using Cutout.Compositing;

namespace Cutout.Matting;

/// <summary>A coordinate in pixels of the photo, or a percentage of its width or height.</summary>
public readonly record struct Coordinate(float Value, bool IsPercent)
{
    internal int ToPixels(int side) => (int)MathF.Round(IsPercent ? Value / 100f * side : Value);

    /// <summary><c>40</c>, <c>40px</c> or <c>12.5%</c>.</summary>
    public static Coordinate Parse(string text)
    {
        if (!CssSyntax.TryPixelsOrPercent(text, out float value, out bool percent))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a coordinate (use 40, 40px or 12.5%)");
        return new Coordinate(value, percent);
    }
}

/// <summary>
/// The rectangle the subject may be found in, from its top-left (x1, y1) to its bottom-right (x2, y2) corner:
/// everything outside it is background, whatever the model sees there.
/// </summary>
public sealed record RegionOfInterest(Coordinate X1, Coordinate Y1, Coordinate X2, Coordinate Y2)
{
    /// <summary>The region in pixels of a photo of the given size, clipped to it.</summary>
    internal PixelRect Resolve(int width, int height)
    {
        int left = Math.Clamp(X1.ToPixels(width), 0, width), top = Math.Clamp(Y1.ToPixels(height), 0, height);
        int right = Math.Clamp(X2.ToPixels(width), left, width), bottom = Math.Clamp(Y2.ToPixels(height), top, height);
        return new PixelRect(left, top, right - left, bottom - top);
    }

    /// <summary>Four coordinates separated by spaces: <c>"0% 0% 100% 100%"</c>, <c>"20px 10px 400px 300px"</c>.</summary>
    public static RegionOfInterest Parse(string text)
    {
        var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 4)
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a region (use four coordinates x1 y1 x2 y2, e.g. \"0% 0% 100% 100%\")");
        var region = new RegionOfInterest(Coordinate.Parse(parts[0]), Coordinate.Parse(parts[1]), Coordinate.Parse(parts[2]), Coordinate.Parse(parts[3]));
        if ((region.X2.IsPercent == region.X1.IsPercent && region.X2.Value <= region.X1.Value)
            || (region.Y2.IsPercent == region.Y1.IsPercent && region.Y2.Value <= region.Y1.Value))
            throw new CutoutException(CutoutErrorKind.InvalidOption, $"'{text}' is not a region: x2 and y2 must lie right of and below x1 and y1");
        return region;
    }

    /// <summary>Clears the matte outside the region, in the alpha and in the foreground's A channel alike.</summary>
    internal void ClearOutside(RefinedMatte matte)
    {
        var alpha = matte.Alpha;
        var box = Resolve(alpha.Width, alpha.Height);
        var foreground = matte.Foreground.Pixels;
        for (int y = 0; y < alpha.Height; y++)
        {
            var row = alpha.Row(y);
            bool rowInside = y >= box.Y && y < box.Bottom;
            for (int x = 0; x < alpha.Width; x++)
            {
                if (rowInside && x >= box.X && x < box.Right)
                    continue;
                row[x] = 0f;
                foreground[(y * alpha.Width + x) * 4 + 3] = 0;
            }
        }
    }
}
