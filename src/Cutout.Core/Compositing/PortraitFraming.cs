using Cutout.Advanced;

namespace Cutout.Compositing;

/// <summary>What part of the subject the layout frames.</summary>
public enum Framing
{
    /// <summary>The whole subject (its alpha bounding box).</summary>
    Subject,

    /// <summary>A portrait's head and shoulders, found from the silhouette's shape.</summary>
    HeadAndShoulders,
}

/// <summary>
/// Head-and-shoulders framing from the alpha alone (no face model). Read from the top, a person's silhouette
/// widens over the head, narrows at the neck and widens sharply at the shoulders; the head's height is
/// the distance from the top to that neck. The frame keeps headroom above the head and reaches to the upper
/// chest, the classic profile-photo crop.
/// </summary>
internal static class PortraitFraming
{
    /// <summary>Headroom above the crown, in head heights.</summary>
    public const float Headroom = 0.45f;

    /// <summary>How far below the neck the frame reaches, in head heights (upper chest).</summary>
    public const float BelowNeck = 1.45f;

    /// <summary>A square frame (source pixels; may reach outside the image) around the head and shoulders.</summary>
    public static PixelRect Frame(AlphaMatte alpha, PixelRect subject)
    {
        if (subject.IsEmpty)
            return subject;
        var head = Head(alpha, subject);
        float headHeight = head.Height, headCenterX = head.CenterX;
        int side = (int)MathF.Round(headHeight * (1 + Headroom + BelowNeck));
        int top = subject.Y - (int)MathF.Round(headHeight * Headroom);
        // A photo already cut at the chest: end the frame where the body ends, so the shoulders reach the bottom
        // edge instead of floating above an empty strip.
        if (top + side > subject.Bottom)
            side = Math.Max(subject.Bottom - top, (int)MathF.Round(headHeight * (1 + Headroom)));
        int left = (int)MathF.Round(headCenterX - side / 2f);
        return new PixelRect(left, top, side, side);
    }

    /// <summary>
    /// The head's box (source pixels): from the crown down to the neck, as wide as the silhouette over those
    /// rows, hair included. Portraits are centred on it, not on a shoulder or arm reaching out to one side.
    /// </summary>
    public static PixelRect Head(AlphaMatte alpha, PixelRect subject)
    {
        if (subject.IsEmpty)
            return subject;
        var widths = SmoothedRowWidths(alpha, subject);
        float headHeight = FindNeck(widths) is int neckRow && neckRow >= 4 ? neckRow : EstimateHeadFromCrown(widths, subject);
        int rows = Math.Clamp((int)MathF.Round(headHeight), 1, subject.Height);
        int left = subject.Right, right = subject.X - 1;
        for (int y = subject.Y; y < subject.Y + rows; y++)
        {
            var row = alpha.Row(y);
            for (int x = subject.X; x < subject.Right; x++)
            {
                if (row[x] < SubjectBounds.SolidAlpha)
                    continue;
                left = Math.Min(left, x);
                right = Math.Max(right, x);
            }
        }
        return right < left ? new PixelRect(subject.X, subject.Y, subject.Width, rows) : new PixelRect(left, subject.Y, right - left + 1, rows);
    }

    /// <summary>
    /// Without a recognisable neck (long hair falling onto the shoulders, a photo already cropped at the chest) the
    /// head is sized from the crown: a head is about 1.2× as tall as the widest part of the top tenth of the silhouette.
    /// </summary>
    private static float EstimateHeadFromCrown(float[] widths, PixelRect subject)
    {
        int crownRows = Math.Max(1, widths.Length / 10);
        float widest = 0;
        for (int r = 0; r < crownRows; r++)
            widest = Math.Max(widest, widths[r]);
        return Math.Clamp(1.2f * widest, 4f, subject.Height * 0.45f);
    }

    /// <summary>Per subject row: the solid pixel count, smoothed over ~2% of the subject height.</summary>
    private static float[] SmoothedRowWidths(AlphaMatte alpha, PixelRect subject)
    {
        var raw = new int[subject.Height];
        for (int r = 0; r < subject.Height; r++)
        {
            var row = alpha.Row(subject.Y + r);
            int count = 0;
            for (int x = subject.X; x < subject.Right; x++)
                if (row[x] >= SubjectBounds.SolidAlpha)
                    count++;
            raw[r] = count;
        }
        int radius = Math.Max(1, subject.Height / 100);
        var smoothed = new float[raw.Length];
        for (int r = 0; r < raw.Length; r++)
        {
            int from = Math.Max(0, r - radius), to = Math.Min(raw.Length - 1, r + radius);
            float sum = 0;
            for (int k = from; k <= to; k++)
                sum += raw[k];
            smoothed[r] = sum / (to - from + 1);
        }
        return smoothed;
    }

    /// <summary>The neck row (relative to the subject top), or null when the profile has no neck.</summary>
    private static int? FindNeck(float[] widths)
    {
        // The head's widest row: the first local maximum that is followed by a clear narrowing (≥ 10%).
        float headWidth = 0;
        int headRow = -1;
        for (int r = 0; r < widths.Length; r++)
        {
            if (widths[r] > headWidth)
            {
                headWidth = widths[r];
                headRow = r;
            }
            else if (widths[r] < headWidth * 0.9f)
                break;
        }
        if (headRow < 0 || headRow >= widths.Length - 1)
            return null;

        // The neck: the narrowest row before the silhouette widens past the head (the shoulders).
        int neckRow = headRow;
        for (int r = headRow; r < widths.Length; r++)
        {
            if (widths[r] < widths[neckRow])
                neckRow = r;
            if (widths[r] > headWidth * 1.5f)
                break;
        }
        if (widths[neckRow] >= headWidth * 0.9f || neckRow == widths.Length - 1)
            return null;
        return neckRow;
    }
}
