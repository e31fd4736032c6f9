using Cutout.Matting;

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
public static class PortraitFraming
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
        var widths = SmoothedRowWidths(alpha, subject);
        var (headHeight, headCenterX) = FindHead(widths) is var (neckRow, centerX) && neckRow >= 4
            ? ((float)neckRow, centerX)
            : EstimateHeadFromCrown(widths, subject);
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
    /// Without a recognisable neck (long hair falling onto the shoulders, a photo already cropped at the chest) the
    /// head is sized from the crown: a head is about 1.2× as tall as the widest part of the top tenth of the silhouette.
    /// </summary>
    private static (float HeadHeight, float CenterX) EstimateHeadFromCrown((float Width, float CenterX)[] widths, PixelRect subject)
    {
        int crownRows = Math.Max(1, widths.Length / 10);
        float widest = 0, centerX = 0;
        for (int r = 0; r < crownRows; r++)
        {
            widest = Math.Max(widest, widths[r].Width);
            centerX += widths[r].CenterX;
        }
        return (Math.Clamp(1.2f * widest, 4f, subject.Height * 0.45f), centerX / crownRows);
    }

    /// <summary>Per subject row: solid pixel count and their mean x, smoothed over ~2% of the subject height.</summary>
    private static (float Width, float CenterX)[] SmoothedRowWidths(AlphaMatte alpha, PixelRect subject)
    {
        var raw = new (float Width, float CenterX)[subject.Height];
        for (int r = 0; r < subject.Height; r++)
        {
            var row = alpha.Row(subject.Y + r);
            int count = 0;
            long sumX = 0;
            for (int x = subject.X; x < subject.Right; x++)
                if (row[x] >= SubjectBounds.SolidAlpha)
                {
                    count++;
                    sumX += x;
                }
            raw[r] = (count, count > 0 ? sumX / (float)count : subject.CenterX);
        }
        int radius = Math.Max(1, subject.Height / 100);
        var smoothed = new (float, float)[raw.Length];
        for (int r = 0; r < raw.Length; r++)
        {
            int from = Math.Max(0, r - radius), to = Math.Min(raw.Length - 1, r + radius);
            float w = 0, cx = 0;
            for (int k = from; k <= to; k++)
            {
                w += raw[k].Width;
                cx += raw[k].CenterX;
            }
            smoothed[r] = (w / (to - from + 1), cx / (to - from + 1));
        }
        return smoothed;
    }

    /// <summary>The neck row (relative to the subject top) and the head's centre x, or null when the profile has no neck.</summary>
    private static (int NeckRow, float HeadCenterX)? FindHead((float Width, float CenterX)[] widths)
    {
        // The head's widest row: the first local maximum that is followed by a clear narrowing (≥ 10%).
        float headWidth = 0;
        int headRow = -1;
        for (int r = 0; r < widths.Length; r++)
        {
            if (widths[r].Width > headWidth)
            {
                headWidth = widths[r].Width;
                headRow = r;
            }
            else if (widths[r].Width < headWidth * 0.9f)
                break;
        }
        if (headRow < 0 || headRow >= widths.Length - 1)
            return null;

        // The neck: the narrowest row before the silhouette widens past the head (the shoulders).
        int neckRow = headRow;
        for (int r = headRow; r < widths.Length; r++)
        {
            if (widths[r].Width < widths[neckRow].Width)
                neckRow = r;
            if (widths[r].Width > headWidth * 1.5f)
                break;
        }
        if (widths[neckRow].Width >= headWidth * 0.9f || neckRow == widths.Length - 1)
            return null;
        float centerX = 0;
        for (int r = 0; r <= headRow; r++)
            centerX += widths[r].CenterX;
        return (neckRow, centerX / (headRow + 1));
    }
}
