using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Evaluation;

/// <summary>
/// Quality figures of a predicted matte against a ground truth. Pixels the ground truth ignores are
/// left out of every figure. Alphas are in 0..1; colour figures are in 0..255 units.
/// </summary>
public static class MatteMetrics
{
    /// <summary>Half-width of the band around the true outline where edge errors are measured.</summary>
    public const int DefaultBandRadius = 15;

    /// <summary>Intersection over union of the masks alpha ≥ 0.5.</summary>
    public static double IntersectionOverUnion(AlphaMatte predicted, GroundTruthMatte truth)
    {
        CheckSize(predicted, truth);
        long intersection = 0, union = 0;
        var p = predicted.Values;
        var t = truth.Alpha.Values;
        for (int i = 0; i < p.Length; i++)
        {
            if (truth.Ignored[i])
                continue;
            bool inPredicted = p[i] >= 0.5f, inTruth = t[i] >= 0.5f;
            if (inPredicted && inTruth)
                intersection++;
            if (inPredicted || inTruth)
                union++;
        }
        return union == 0 ? 1.0 : (double)intersection / union;
    }

    /// <summary>Mean absolute alpha difference over the whole image.</summary>
    public static double MeanAbsoluteError(AlphaMatte predicted, GroundTruthMatte truth) =>
        MeanAbsoluteError(predicted, truth, scored: null);

    /// <summary>Mean absolute alpha difference within <paramref name="bandRadius"/> pixels of the true outline.</summary>
    public static double BoundaryBandError(AlphaMatte predicted, GroundTruthMatte truth, int bandRadius = DefaultBandRadius) =>
        MeanAbsoluteError(predicted, truth, BoundaryBand(truth, bandRadius));

    /// <summary>Sum of absolute differences in thousands (the convention of the alphamatting.com benchmark).</summary>
    public static double SumOfAbsoluteDifferences(AlphaMatte predicted, GroundTruthMatte truth)
    {
        CheckSize(predicted, truth);
        double sum = 0;
        var p = predicted.Values;
        var t = truth.Alpha.Values;
        for (int i = 0; i < p.Length; i++)
            if (!truth.Ignored[i])
                sum += Math.Abs(p[i] - t[i]);
        return sum / 1000.0;
    }

    /// <summary>Mean squared alpha difference over the image (alpha in 0..1), as the matting benchmarks report it.</summary>
    public static double MeanSquaredError(AlphaMatte predicted, GroundTruthMatte truth)
    {
        CheckSize(predicted, truth);
        double sum = 0;
        long count = 0;
        var p = predicted.Values;
        var t = truth.Alpha.Values;
        for (int i = 0; i < p.Length; i++)
        {
            if (truth.Ignored[i])
                continue;
            sum += (p[i] - t[i]) * (p[i] - t[i]);
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>
    /// Connectivity error (Rhemann et al., CVPR 2009, as computed by the benchmark's reference code with
    /// step 0.1 and θ = 0.15), in thousands. For each pixel, l is the highest threshold (in steps of 0.1)
    /// at which it still belongs to the largest 8-connected region where both mattes are at least that
    /// threshold; φ = 1 − d·[d ≥ θ] with d = alpha − l. The error sums |φ_predicted − φ_truth|: it
    /// punishes soft values that float free of the subject (holes punched between strands, stray haze).
    /// </summary>
    public static double ConnectivityError(AlphaMatte predicted, GroundTruthMatte truth)
    {
        const double step = 0.1, theta = 0.15;
        CheckSize(predicted, truth);
        int w = predicted.Width, h = predicted.Height;
        var p = predicted.Values;
        var t = truth.Alpha.Values;
        var level = new float[p.Length];
        Array.Fill(level, -1f);
        var both = new bool[p.Length];
        int steps = (int)Math.Round(1 / step);
        for (int k = 1; k <= steps; k++)
        {
            float threshold = (float)(k * step), previous = (float)((k - 1) * step);
            for (int i = 0; i < p.Length; i++)
                both[i] = p[i] >= threshold && t[i] >= threshold;
            var largest = LargestComponent(both, w, h);
            for (int i = 0; i < p.Length; i++)
                if (level[i] < 0 && !largest[i])
                    level[i] = previous;
        }
        double sum = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (truth.Ignored[i])
                continue;
            float l = level[i] < 0 ? 1f : level[i];
            float dp = p[i] - l, dt = t[i] - l;
            float phiP = 1f - (dp >= theta ? dp : 0f), phiT = 1f - (dt >= theta ? dt : 0f);
            sum += Math.Abs(phiP - phiT);
        }
        return sum / 1000.0;
    }

    /// <summary>The largest 8-connected set of true pixels (all false when there is none).</summary>
    private static bool[] LargestComponent(bool[] mask, int w, int h)
    {
        var label = new int[mask.Length];
        var stack = new Stack<int>();
        int best = 0, bestSize = 0, next = 0;
        for (int start = 0; start < mask.Length; start++)
        {
            if (!mask[start] || label[start] != 0)
                continue;
            int id = ++next, size = 0;
            label[start] = id;
            stack.Push(start);
            while (stack.Count > 0)
            {
                int i = stack.Pop();
                size++;
                int x = i % w, y = i / w;
                for (int dy = -1; dy <= 1; dy++)
                {
                    int yy = y + dy;
                    if (yy < 0 || yy >= h)
                        continue;
                    for (int dx = -1; dx <= 1; dx++)
                    {
                        int xx = x + dx;
                        if (xx < 0 || xx >= w)
                            continue;
                        int j = yy * w + xx;
                        if (mask[j] && label[j] == 0)
                        {
                            label[j] = id;
                            stack.Push(j);
                        }
                    }
                }
            }
            if (size > bestSize)
                (best, bestSize) = (id, size);
        }
        var largest = new bool[mask.Length];
        for (int i = 0; i < mask.Length; i++)
            largest[i] = best != 0 && label[i] == best;
        return largest;
    }

    /// <summary>
    /// Gradient error (Rhemann et al., "A Perceptually Motivated Online Benchmark for Image Matting",
    /// CVPR 2009): squared difference of the gradient magnitudes after Gaussian-derivative filtering
    /// with σ = 1.4, summed, in thousands.
    /// </summary>
    public static double GradientError(AlphaMatte predicted, GroundTruthMatte truth)
    {
        CheckSize(predicted, truth);
        var gp = GaussianGradientMagnitude(predicted, 1.4);
        var gt = GaussianGradientMagnitude(truth.Alpha, 1.4);
        double sum = 0;
        for (int i = 0; i < gp.Length; i++)
            if (!truth.Ignored[i])
                sum += (gp[i] - gt[i]) * (gp[i] - gt[i]);
        return sum / 1000.0;
    }

    /// <summary>
    /// Geometric mean over photos of each photo's figure divided by its baseline's (photos with a zero
    /// baseline are left out), so every photo counts equally however large its errors: 0.75 = 25% below.
    /// </summary>
    public static double GeometricMeanRatio(IEnumerable<(double Value, double Baseline)> figures)
    {
        var logs = figures.Where(f => f.Baseline > 0).Select(f => Math.Log(Math.Max(f.Value, 1e-12) / f.Baseline)).ToList();
        return logs.Count == 0 ? 1 : Math.Exp(logs.Average());
    }

    /// <summary>
    /// How much colour of the wrong layer shows at the edges: the cutout composited on pure black and on
    /// pure white against the reference composite (reference alpha over the reference foreground colours),
    /// mean absolute RGB difference over both backdrops within <paramref name="bandRadius"/> of the true outline.
    /// For a binary ground truth the reference foreground is the original photo.
    /// </summary>
    public static double ColourBleed(RgbaImage cutout, RgbaImage referenceForeground, GroundTruthMatte truth, int bandRadius = DefaultBandRadius)
    {
        var band = OutlineBand(cutout, referenceForeground, truth, bandRadius);
        var c = cutout.Pixels;
        var r = referenceForeground.Pixels;
        var t = truth.Alpha.Values;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < band.Length; i++)
        {
            if (!band[i] || truth.Ignored[i])
                continue;
            float cutoutAlpha = c[i * 4 + 3] / 255f, referenceAlpha = t[i];
            for (int ch = 0; ch < 3; ch++)
            {
                float shown = cutoutAlpha * c[i * 4 + ch], expected = referenceAlpha * r[i * 4 + ch];
                // On black the backdrop adds nothing; on white it adds 255·(1−alpha).
                sum += Math.Abs(shown - expected);
                sum += Math.Abs(shown + 255f * (1f - cutoutAlpha) - expected - 255f * (1f - referenceAlpha));
                count += 2;
            }
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>
    /// Colour error of the outline as a cutout shows it: mean absolute RGB difference (0..255) from the
    /// true foreground colour, over the pixels within <paramref name="bandRadius"/> of the true outline
    /// that the cutout shows (alpha ≥ 0.5) and that hold some true foreground. A rim of the old
    /// background's colour, the halo seen on a contrasting new background, raises it; alpha errors
    /// do not count.
    /// </summary>
    public static double EdgeColourError(RgbaImage cutout, RgbaImage trueForeground, GroundTruthMatte truth, int bandRadius = 3)
    {
        var band = OutlineBand(cutout, trueForeground, truth, bandRadius);
        var c = cutout.Pixels;
        var f = trueForeground.Pixels;
        var t = truth.Alpha.Values;
        double sum = 0;
        long count = 0;
        for (int i = 0; i < band.Length; i++)
        {
            if (!band[i] || truth.Ignored[i] || c[i * 4 + 3] < 128 || t[i] <= 0f)
                continue;
            for (int ch = 0; ch < 3; ch++)
                sum += Math.Abs(c[i * 4 + ch] - f[i * 4 + ch]);
            count += 3;
        }
        return count == 0 ? 0 : sum / count;
    }

    /// <summary>The <see cref="BoundaryBand"/> for scoring a cutout's colours, once its sizes are checked.</summary>
    private static bool[] OutlineBand(RgbaImage cutout, RgbaImage foreground, GroundTruthMatte truth, int radius)
    {
        if (cutout.Width != truth.Width || cutout.Height != truth.Height || foreground.Width != truth.Width || foreground.Height != truth.Height)
            throw new ArgumentException("The cutout, the foreground colours and the ground truth must have the same size.");
        return BoundaryBand(truth, radius);
    }

    /// <summary>Pixels within <paramref name="radius"/> (square neighbourhood) of a change of the true mask (alpha ≥ 0.5).</summary>
    public static bool[] BoundaryBand(GroundTruthMatte truth, int radius)
    {
        int w = truth.Width, h = truth.Height;
        var t = truth.Alpha.Values;
        var outline = new float[w * h];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0, i = y * w; x < w; x++, i++)
            {
                bool inside = t[i] >= 0.5f;
                if ((x + 1 < w && inside != t[i + 1] >= 0.5f) || (y + 1 < h && inside != t[i + w] >= 0.5f))
                {
                    outline[i] = 1f;
                    if (x + 1 < w && inside != t[i + 1] >= 0.5f) outline[i + 1] = 1f;
                    if (y + 1 < h && inside != t[i + w] >= 0.5f) outline[i + w] = 1f;
                }
            }
        }
        BoxFilter.DilateInPlace(outline, w, h, radius);
        return outline.Select(v => v > 0f).ToArray();
    }

    private static double MeanAbsoluteError(AlphaMatte predicted, GroundTruthMatte truth, bool[]? scored)
    {
        CheckSize(predicted, truth);
        double sum = 0;
        long count = 0;
        var p = predicted.Values;
        var t = truth.Alpha.Values;
        for (int i = 0; i < p.Length; i++)
        {
            if (truth.Ignored[i] || (scored is not null && !scored[i]))
                continue;
            sum += Math.Abs(p[i] - t[i]);
            count++;
        }
        return count == 0 ? 0 : sum / count;
    }

    private static float[] GaussianGradientMagnitude(AlphaMatte matte, double sigma)
    {
        int radius = (int)Math.Ceiling(3 * sigma);
        var gauss = new float[2 * radius + 1];
        var derivative = new float[2 * radius + 1];
        for (int k = -radius; k <= radius; k++)
        {
            double g = Math.Exp(-k * k / (2 * sigma * sigma));
            gauss[k + radius] = (float)g;
            derivative[k + radius] = (float)(-k / (sigma * sigma) * g);
        }
        float norm = gauss.Sum(), derivativeNorm = derivative.Select((d, j) => -d * (j - radius)).Sum();
        for (int j = 0; j < gauss.Length; j++)
        {
            gauss[j] /= norm;
            derivative[j] /= derivativeNorm;
        }
        int w = matte.Width, h = matte.Height;
        var dx = Convolve(Convolve(matte.Values, w, h, derivative, horizontal: true), w, h, gauss, horizontal: false);
        var dy = Convolve(Convolve(matte.Values, w, h, gauss, horizontal: true), w, h, derivative, horizontal: false);
        for (int i = 0; i < dx.Length; i++)
            dx[i] = MathF.Sqrt(dx[i] * dx[i] + dy[i] * dy[i]);
        return dx;
    }

    private static float[] Convolve(float[] source, int w, int h, float[] kernel, bool horizontal)
    {
        int radius = kernel.Length / 2;
        var output = new float[source.Length];
        for (int y = 0; y < h; y++)
        {
            for (int x = 0; x < w; x++)
            {
                float sum = 0;
                for (int k = -radius; k <= radius; k++)
                {
                    int sx = horizontal ? Math.Clamp(x + k, 0, w - 1) : x, sy = horizontal ? y : Math.Clamp(y + k, 0, h - 1);
                    sum += kernel[k + radius] * source[sy * w + sx];
                }
                output[y * w + x] = sum;
            }
        }
        return output;
    }

    private static void CheckSize(AlphaMatte predicted, GroundTruthMatte truth)
    {
        if (predicted.Width != truth.Width || predicted.Height != truth.Height)
            throw new ArgumentException($"Predicted {predicted.Width}x{predicted.Height} but the ground truth is {truth.Width}x{truth.Height}.");
    }
}
