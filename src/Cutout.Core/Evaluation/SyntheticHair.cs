using Cutout.Imaging;
using Cutout.Matting;

namespace Cutout.Evaluation;

/// <summary>
/// A head of fine soft hair composited over a real developer photo: an opaque ellipse with hundreds
/// of thin (about 1 px), partly transparent, slightly bent strands growing out of its top. The true
/// alpha is known exactly; the "model" alpha is that truth blurred and seen at 1024x1024, the smooth
/// haze a segmentation network draws over hair. There is no soft-matte ground truth among the
/// developer photos; this is the stand-in, used by the tests and by the benchmark (which also runs the
/// real model on it).
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
            var coverage = new Dictionary<int, float>();
            for (float travelled = 0; travelled < length; travelled += 0.5f)
            {
                heading += bend;
                x += MathF.Cos(heading) * 0.5f;
                y += MathF.Sin(heading) * 0.5f;
                float halfWidth = strandWidthHere * (1f - travelled / length * 0.5f) / 2f;
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
        var haze = truth.Clone();
        for (int pass = 0; pass < 3; pass++)
            BoxFilter.MeanInPlace(haze.Values, width, height, 2);
        return new SyntheticHair(image, new GroundTruthMatte(truth), Resampling.ResizeBilinear(haze, 1024, 1024));
    }

    private static float Square(float value) => value * value;
}
