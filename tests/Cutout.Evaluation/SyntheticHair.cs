using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Matting;
using SkiaSharp;

namespace Cutout.Evaluation;

/// <summary>
/// Fine soft hair of exactly known alpha composited over real developer photos (there is no soft-matte
/// ground truth among them). Two kinds:
/// <list type="bullet">
/// <item><see cref="Over"/>: an opaque ellipse with hundreds of thin strands growing out of its top,
/// with a stand-in "model" alpha (the truth blurred, seen at 1024x1024: the smooth haze a segmentation
/// network can draw over hair). The tests use it without running the model.</item>
/// <item><see cref="GrownOn"/>: strands grown out of a real subject's outline (a person's head, an
/// animal's fur). The benchmark runs the real model on these: it sees a real subject and draws the
/// strands its own way (thick, bright lines rather than haze).</item>
/// </list>
/// </summary>
public sealed record SyntheticHair(RgbaImage Image, GroundTruthMatte Truth, AlphaMatte ModelAlpha)
{
    /// <summary>The four fixtures the tests and the benchmark use: (developer photo, seed, strand width, strand count).</summary>
    public static IReadOnlyList<(string Photo, int Seed, float StrandWidth, int StrandCount)> DevelopmentCases { get; } =
    [
        ("davis-libby", 1, 1.0f, 400),
        ("davis-camel", 2, 1.5f, 300),
        ("ccp-0010", 3, 0.8f, 600),
        ("davis-goat", 4, 1.2f, 400),
    ];

    private static readonly byte[] HairColour = [70, 45, 30];
    // A little per-pixel variation of the hair's red, so strands are not one flat colour.
    private static byte HairRed(int pixel) => (byte)(HairColour[0] + pixel * 7919 % 13);

    public static SyntheticHair Over(RgbaImage background, int seed, float strandWidth, int strandCount)
    {
        int width = background.Width, height = background.Height;
        var random = new Random(seed);
        float centreX = width * 0.5f, centreY = height * 0.75f, radiusX = width * 0.16f, radiusY = height * 0.3f;
        // Transparency multiplies where strands cross: 1 − alpha = Π(1 − alpha of each layer).
        var transparency = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                float distance = MathF.Sqrt(Square((x - centreX) / radiusX) + Square((y - centreY) / radiusY));
                transparency[y * width + x] = 1f - Math.Clamp((1f - distance) * radiusX + 0.5f, 0f, 1f);
            }
        for (int strand = 0; strand < strandCount; strand++)
        {
            double angle = Math.PI * (1.05 + 0.9 * random.NextDouble());
            var (x, y) = (centreX + radiusX * 0.9f * (float)Math.Cos(angle), centreY + radiusY * 0.9f * (float)Math.Sin(angle));
            float heading = (float)angle, length = 30 + 110 * (float)random.NextDouble(), bend = (float)(random.NextDouble() - 0.5) * 0.03f;
            float strandWidthHere = strandWidth * (0.6f + 0.8f * (float)random.NextDouble()), opacity = 0.5f + 0.5f * (float)random.NextDouble();
            var coverage = StrandCoverage(x, y, heading, length, bend, strandWidthHere, opacity, width, height);
            foreach (var (i, alpha) in coverage)
                transparency[i] *= 1f - alpha;
        }

        var truth = new AlphaMatte(width, height, transparency.Select(t => 1f - t).ToArray());
        var image = background.Clone();
        for (int i = 0; i < width * height; i++)
        {
            float alpha = truth.Values[i];
            for (int c = 0; c < 3; c++)
                image.Pixels[i * 4 + c] = (byte)(alpha * (c == 0 ? HairRed(i) : HairColour[c]) + (1 - alpha) * background.Pixels[i * 4 + c] + 0.5f);
        }
        return new SyntheticHair(image, new GroundTruthMatte(truth), StandInModelAlpha(truth));
    }

    /// <summary>
    /// The seven grown-hair fixtures of the benchmark: head hair on two portraits, fur and feathers
    /// around whole animals, two of them dense. Most are grown on the photo enlarged twice, so the
    /// model sees the hair as it would in a 1–2 MP photo.
    /// </summary>
    public static IReadOnlyList<(string Photo, HairGrowth Growth)> GrownCases { get; } =
    [
        ("ccp-0010", new HairGrowth(1, HeadOnly: true, Upscale: 1, StrandsPerOutlinePixel: 1.5f, MeanLength: 12f, StrandWidth: 1.0f)),
        ("ccp-0082", new HairGrowth(2, HeadOnly: true, Upscale: 2, StrandsPerOutlinePixel: 2f, MeanLength: 30f, StrandWidth: 1.2f)),
        ("davis-dog", new HairGrowth(3, HeadOnly: false, Upscale: 2, StrandsPerOutlinePixel: 1f, MeanLength: 15f, StrandWidth: 1.0f)),
        ("davis-goat", new HairGrowth(5, HeadOnly: false, Upscale: 2, StrandsPerOutlinePixel: 1f, MeanLength: 12f, StrandWidth: 1.2f)),
        ("davis-blackswan", new HairGrowth(6, HeadOnly: false, Upscale: 2, StrandsPerOutlinePixel: 0.7f, MeanLength: 9f, StrandWidth: 0.9f)),
        ("ccp-0010", new HairGrowth(7, HeadOnly: true, Upscale: 2, StrandsPerOutlinePixel: 6f, MeanLength: 21f, StrandWidth: 0.9f)),
        ("davis-dog", new HairGrowth(8, HeadOnly: false, Upscale: 2, StrandsPerOutlinePixel: 5f, MeanLength: 15f, StrandWidth: 0.8f)),
    ];

    /// <summary>
    /// Hair grown out of a real subject: strands rooted just inside the outline of
    /// <paramref name="subject"/> (its top third facing up for head hair, all round for fur), pointing
    /// outwards, in the colour of the subject just inside each root, with exponentially distributed
    /// lengths, so the fringe is dense near the subject and thins out. The subject's own pixels and
    /// outline stay as photographed. The truth is scored only in the hair zone (within 12 px of a
    /// strand at the original size), so the model's unrelated mistakes elsewhere in the photo do not
    /// count.
    /// </summary>
    public static SyntheticHair GrownOn(RgbaImage photo, AlphaMatte subject, HairGrowth growth)
    {
        ArgumentNullException.ThrowIfNull(growth);
        if (subject.Width != photo.Width || subject.Height != photo.Height)
            throw new ArgumentException($"The subject's matte is {subject.Width}x{subject.Height}, the photo {photo.Width}x{photo.Height}.", nameof(subject));
        if (growth.Upscale > 1)
        {
            photo = SkiaPixels.Transform(photo, SKMatrix.CreateScale(growth.Upscale, growth.Upscale), photo.Width * growth.Upscale, photo.Height * growth.Upscale);
            subject = Resampling.ResizeBilinear(subject, photo.Width, photo.Height);
        }
        int width = photo.Width, height = photo.Height;
        var random = new Random(growth.Seed);
        var inside = subject.Values.Select(v => v >= 0.5f ? 1f : 0f).ToArray();
        var roots = OutlineRoots(inside, width, height, growth.HeadOnly);
        if (roots.Count == 0)
            throw new ArgumentException("The subject has no outline to grow hair from.", nameof(subject));
        var truth = (float[])inside.Clone();
        var colour = new float[width * height * 3];
        for (int i = 0; i < width * height; i++)
            for (int c = 0; c < 3; c++)
                colour[i * 3 + c] = photo.Pixels[i * 4 + c];

        for (int strand = 0, count = (int)(roots.Count * growth.StrandsPerOutlinePixel); strand < count; strand++)
        {
            var (rootX, rootY, normalX, normalY) = roots[random.Next(roots.Count)];
            var strandColour = MeanColour(photo, (int)(rootX - normalX * 5), (int)(rootY - normalY * 5), 0.75f + 0.6f * (float)random.NextDouble());
            float heading = MathF.Atan2(normalY, normalX) + 0.45f * Gaussian(random);
            float length = Math.Min(4 * growth.MeanLength, 3 + growth.MeanLength * (float)-Math.Log(1 - random.NextDouble()));
            float bend = 0.025f * Gaussian(random), strandWidth = growth.StrandWidth * (0.5f + (float)random.NextDouble());
            float opacity = 0.35f + 0.6f * (float)random.NextDouble();
            var coverage = StrandCoverage(rootX - normalX * 3, rootY - normalY * 3, heading, length, bend, strandWidth, opacity, width, height);
            foreach (var (i, alpha) in coverage)
            {
                truth[i] = alpha + (1 - alpha) * truth[i];
                for (int c = 0; c < 3; c++)
                    colour[i * 3 + c] = alpha * strandColour[c] + (1 - alpha) * colour[i * 3 + c];
            }
        }

        var image = photo.Clone();
        for (int i = 0; i < width * height; i++)
            for (int c = 0; c < 3; c++)
                image.Pixels[i * 4 + c] = (byte)Math.Clamp(colour[i * 3 + c] + 0.5f, 0f, 255f);
        var zone = new float[width * height];
        for (int i = 0; i < zone.Length; i++)
            zone[i] = truth[i] - inside[i] > 0.01f ? 1f : 0f;
        BoxFilter.DilateInPlace(zone, width, height, 12 * growth.Upscale);
        var alphaTruth = new AlphaMatte(width, height, truth);
        return new SyntheticHair(image, new GroundTruthMatte(alphaTruth, zone.Select(z => z == 0f).ToArray()), StandInModelAlpha(alphaTruth));
    }

    /// <summary>Outline pixels of the subject with their outward normals (from the smoothed mask's gradient).</summary>
    private static List<(int X, int Y, float NormalX, float NormalY)> OutlineRoots(float[] inside, int width, int height, bool headOnly)
    {
        var smooth = (float[])inside.Clone();
        BoxFilter.MeanInPlace(smooth, width, height, 3);
        BoxFilter.MeanInPlace(smooth, width, height, 3);
        int top = height, bottom = 0;
        for (int i = 0; i < inside.Length; i++)
            if (inside[i] > 0)
                (top, bottom) = (Math.Min(top, i / width), Math.Max(bottom, i / width));
        var roots = new List<(int, int, float, float)>();
        for (int y = 1; y < height - 1; y++)
            for (int x = 1, i = y * width + 1; x < width - 1; x++, i++)
            {
                if (inside[i] == 0 || (inside[i - 1] > 0 && inside[i + 1] > 0 && inside[i - width] > 0 && inside[i + width] > 0))
                    continue;
                float gradientX = smooth[i + 1] - smooth[i - 1], gradientY = smooth[i + width] - smooth[i - width];
                float length = MathF.Sqrt(gradientX * gradientX + gradientY * gradientY);
                if (length < 1e-4f)
                    continue;
                var (normalX, normalY) = (-gradientX / length, -gradientY / length);
                if (headOnly && (y > top + (bottom - top) * 0.3f || normalY > 0.2f))
                    continue;
                roots.Add((x, y, normalX, normalY));
            }
        return roots;
    }

    private static float[] MeanColour(RgbaImage photo, int centreX, int centreY, float brightness)
    {
        var sum = new float[3];
        int count = 0;
        for (int y = Math.Max(0, centreY - 2); y <= Math.Min(photo.Height - 1, centreY + 2); y++)
            for (int x = Math.Max(0, centreX - 2); x <= Math.Min(photo.Width - 1, centreX + 2); x++, count++)
                for (int c = 0; c < 3; c++)
                    sum[c] += photo.Pixels[(y * photo.Width + x) * 4 + c];
        return sum.Select(s => Math.Clamp(s / Math.Max(1, count) * brightness, 0f, 255f)).ToArray();
    }

    /// <summary>The haze a segmentation network draws over hair: the truth blurred, seen at 1024x1024.</summary>
    private static AlphaMatte StandInModelAlpha(AlphaMatte truth)
    {
        var haze = truth.Clone();
        for (int pass = 0; pass < 3; pass++)
            BoxFilter.MeanInPlace(haze.Values, truth.Width, truth.Height, 2);
        return Resampling.ResizeBilinear(haze, 1024, 1024);
    }

    private static float Gaussian(Random random) =>
        (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));

    /// <summary>
    /// The exact soft coverage of one strand (pixel index → alpha): a tapering line of the given width
    /// and opacity walked from (x, y) along <paramref name="heading"/>, turning by <paramref name="bend"/>
    /// radians every half pixel.
    /// </summary>
    private static Dictionary<int, float> StrandCoverage(float x, float y, float heading, float length, float bend, float strandWidth, float opacity, int width, int height)
    {
        var coverage = new Dictionary<int, float>();
        for (float travelled = 0; travelled < length; travelled += 0.5f)
        {
            heading += bend;
            x += MathF.Cos(heading) * 0.5f;
            y += MathF.Sin(heading) * 0.5f;
            float halfWidth = strandWidth * (1f - travelled / length * 0.5f) / 2f;
            for (int py = (int)y - 2; py <= (int)y + 2; py++)
                for (int px = (int)x - 2; px <= (int)x + 2; px++)
                {
                    if (px < 0 || py < 0 || px >= width || py >= height)
                        continue;
                    float distance = MathF.Sqrt(Square(px + 0.5f - x) + Square(py + 0.5f - y));
                    float alpha = Math.Clamp(halfWidth + 0.5f - distance, 0f, 1f) * opacity;
                    int i = py * width + px;
                    coverage[i] = Math.Max(alpha, coverage.GetValueOrDefault(i));
                }
        }
        return coverage;
    }

    private static float Square(float value) => value * value;
}

/// <summary>How <see cref="SyntheticHair.GrownOn"/> grows hair: strands per outline pixel, mean length and width in pixels of the (enlarged) photo.</summary>
public sealed record HairGrowth(int Seed, bool HeadOnly, int Upscale, float StrandsPerOutlinePixel, float MeanLength, float StrandWidth);
