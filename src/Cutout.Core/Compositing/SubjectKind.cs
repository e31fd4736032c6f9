using Cutout.Advanced;

namespace Cutout.Compositing;

/// <summary>
/// What kind of subject a cutout holds, as far as the photo's own evidence shows without a classification model.
/// Animals, cars and other vehicles look alike to these measures and are reported as <see cref="Other"/>.
/// </summary>
public enum SubjectKind
{
    /// <summary>No class could be told with confidence.</summary>
    Other,

    /// <summary>A person: a silhouette taller than wide whose head region is mostly skin-coloured.</summary>
    Person,

    /// <summary>A product shot: a subject on a plain, studio-like background (or already cut out).</summary>
    Product,

    /// <summary>Artwork rather than a photo: the subject is painted in a few flat colours (a logo, an illustration).</summary>
    Graphic,
}

/// <summary>
/// Tells <see cref="SubjectKind"/> from measurable evidence only: flat colour fills (graphics), the head region's skin
/// share and the silhouette's shape (people), and how plain the background is (product shots). Samples at most
/// about 65,000 pixels, so it costs a few milliseconds on any photo.
/// </summary>
internal static class SubjectClassifier
{
    /// <summary>A graphic: this share of the subject's pixels repeats one of its 16 most common exact colours.</summary>
    public const double GraphicFlatShare = 0.7;

    /// <summary>A person: this share of the head region's subject pixels is skin-coloured.</summary>
    public const double PersonSkinShare = 0.4;

    /// <summary>
    /// A person: the head holds at least this much more skin share than the body below it (clothes). Fur and wood are
    /// skin-coloured all over, so animals and furniture fail this where they pass the head's share.
    /// </summary>
    public const double HeadOverBodySkin = 0.2;

    /// <summary>A product shot: this share of the background lies within <see cref="PlainTolerance"/> of its median colour, which is near-neutral.</summary>
    public const double PlainBackgroundShare = 0.85;

    /// <summary>Largest per-channel difference from the background's median that still counts as the same plain backdrop.</summary>
    public const int PlainTolerance = 32;

    /// <summary>
    /// Largest spread between the backdrop median's channels: white, grey, black and cream sweeps pass, a blue sky
    /// (plain too, behind planes and birds) does not.
    /// </summary>
    public const int NeutralSpread = 48;

    private const int MaxSamples = 65_536;

    /// <summary>The measures behind a classification, for tests and reports.</summary>
    /// <param name="FlatShare">Share of the subject's sampled pixels that repeat one of its 16 most common exact colours.</param>
    /// <param name="HeadSkinShare">Share of the head region's subject pixels (crown to neck) that are skin-coloured.</param>
    /// <param name="BodySkinShare">The same share below the head.</param>
    /// <param name="SubjectAspect">The subject box's height over its width.</param>
    /// <param name="PlainBackgroundShare">Share of the background within <see cref="PlainTolerance"/> of its median; 0 when that median is not neutral.</param>
    /// <param name="BackgroundShare">Share of the frame that is clear background.</param>
    public readonly record struct Evidence(double FlatShare, double HeadSkinShare, double BodySkinShare, double SubjectAspect, double PlainBackgroundShare, double BackgroundShare);

    public static SubjectKind Classify(RgbaImage photo, AlphaMatte alpha, bool photoHadTransparency) =>
        Decide(Measure(photo, alpha), photoHadTransparency);

    public static SubjectKind Decide(Evidence evidence, bool photoHadTransparency)
    {
        if (evidence.FlatShare >= GraphicFlatShare)
            return SubjectKind.Graphic;
        if (evidence.HeadSkinShare >= PersonSkinShare && evidence.HeadSkinShare - evidence.BodySkinShare >= HeadOverBodySkin && evidence.SubjectAspect >= 1.0)
            return SubjectKind.Person;
        if (photoHadTransparency || (evidence.BackgroundShare >= 0.1 && evidence.PlainBackgroundShare >= PlainBackgroundShare))
            return SubjectKind.Product;
        return SubjectKind.Other;
    }

    public static Evidence Measure(RgbaImage photo, AlphaMatte alpha)
    {
        var subject = SubjectBounds.Find(alpha);
        if (subject.IsEmpty)
            return default;
        int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)photo.PixelCount / MaxSamples)));
        var subjectColours = new Dictionary<int, int>();
        var background = new List<int>();
        int subjectSamples = 0;
        for (int y = 0; y < photo.Height; y += step)
        {
            var pixels = photo.Row(y);
            var row = alpha.Row(y);
            for (int x = 0; x < photo.Width; x += step)
            {
                int rgb = pixels[x * 4] << 16 | pixels[x * 4 + 1] << 8 | pixels[x * 4 + 2];
                if (row[x] >= 0.5f)
                {
                    subjectSamples++;
                    subjectColours[rgb] = subjectColours.GetValueOrDefault(rgb) + 1;
                }
                else if (row[x] < 0.05f)
                    background.Add(rgb);
            }
        }
        if (subjectSamples == 0)
            return default;
        double flatShare = subjectColours.Values.OrderDescending().Take(16).Sum() / (double)subjectSamples;
        double backgroundShare = background.Count / (double)(background.Count + subjectSamples);
        var head = PortraitFraming.Head(alpha, subject);
        var body = new PixelRect(subject.X, head.Bottom, subject.Width, subject.Bottom - head.Bottom);
        return new Evidence(flatShare, SkinShare(photo, alpha, head), SkinShare(photo, alpha, body),
            subject.Height / (double)subject.Width, PlainShare(background), backgroundShare);
    }

    /// <summary>Share of the subject pixels in <paramref name="head"/> that are skin-coloured.</summary>
    private static double SkinShare(RgbaImage photo, AlphaMatte alpha, PixelRect head)
    {
        if (head.IsEmpty)
            return 0;
        int step = Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)head.Width * head.Height / MaxSamples)));
        int inHead = 0, skin = 0;
        for (int y = head.Y; y < head.Bottom; y += step)
        {
            var pixels = photo.Row(y);
            var row = alpha.Row(y);
            for (int x = head.X; x < head.Right; x += step)
            {
                if (row[x] < 0.5f)
                    continue;
                inHead++;
                if (IsSkin(pixels[x * 4], pixels[x * 4 + 1], pixels[x * 4 + 2]))
                    skin++;
            }
        }
        return inHead == 0 ? 0 : skin / (double)inHead;
    }

    /// <summary>
    /// Skin in daylight, all complexions, by the YCbCr chroma box of Chai and Ngan (1999): Cb 77..127, Cr 133..173.
    /// Brightness is left out on purpose; shadowed and lit skin share their chroma.
    /// </summary>
    private static bool IsSkin(byte r, byte g, byte b)
    {
        double cb = 128 - 0.168736 * r - 0.331264 * g + 0.5 * b;
        double cr = 128 + 0.5 * r - 0.418688 * g - 0.081312 * b;
        int max = Math.Max(r, Math.Max(g, b)), min = Math.Min(r, Math.Min(g, b));
        bool kovac = r > 95 && g > 40 && b > 20 && max - min > 15 && r - g > 15 && r > b;
        return kovac && cb is >= 77 and <= 127 && cr is >= 133 and <= 173;
    }

    /// <summary>Share of the background samples within <see cref="PlainTolerance"/> of their per-channel median; 0 when the median is coloured.</summary>
    private static double PlainShare(List<int> background)
    {
        if (background.Count == 0)
            return 0;
        int Median(int shift) => background.Select(c => c >> shift & 0xFF).Order().ElementAt(background.Count / 2);
        int r = Median(16), g = Median(8), b = Median(0);
        if (Math.Max(r, Math.Max(g, b)) - Math.Min(r, Math.Min(g, b)) > NeutralSpread)
            return 0;
        int plain = background.Count(c =>
            Math.Abs((c >> 16 & 0xFF) - r) <= PlainTolerance && Math.Abs((c >> 8 & 0xFF) - g) <= PlainTolerance && Math.Abs((c & 0xFF) - b) <= PlainTolerance);
        return plain / (double)background.Count;
    }
}
