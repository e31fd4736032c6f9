namespace Cutout.Matting;

/// <summary>
/// Colour guided filter (He, Sun and Tang, "Guided Image Filtering", TPAMI 2013): in every window the
/// output is a linear function of the guide's RGB, a·I + b, fitted to the input by ridge regression.
/// It is the fast local approximation of closed-form matting (its output solves the matting Laplacian's
/// windows independently); the guide's window statistics are computed once per instance.
/// </summary>
internal sealed class GuidedFilter
{
    // Regularisation of the colour covariance (colours in 0..1): edges with a contrast below about
    // sqrt(1e-3) ≈ 8/255 are smoothed over. In max it trades the binary outlines against fine hair: 1e-4 gives
    // dev band −17.8% and am-gt03 SAD −22.3% against raw, 3e-3 −16.8% and −25.0% (1e-3: −17.3%, −23.9%;
    // docs/tuning.md, "Where the binary edge band is stuck").
    public const float DefaultEpsilon = 1e-3f;

    private readonly ColourPlanes _guide;
    private readonly int _radius;
    private readonly float[] _meanR, _meanG, _meanB;
    // Symmetric inverse of (window covariance + epsilon·Id): rr, rg, rb, gg, gb, bb.
    private readonly float[][] _inverseCovariance;

    public GuidedFilter(ColourPlanes guide, int radius, float epsilon)
    {
        _guide = guide;
        _radius = radius;
        _meanR = BoxMean(guide.R);
        _meanG = BoxMean(guide.G);
        _meanB = BoxMean(guide.B);
        var products = new[] { (guide.R, guide.R), (guide.R, guide.G), (guide.R, guide.B), (guide.G, guide.G), (guide.G, guide.B), (guide.B, guide.B) };
        _inverseCovariance = new float[6][];
        for (int k = 0; k < 6; k++)
            _inverseCovariance[k] = BoxMeanOfProduct(products[k].Item1, products[k].Item2);

        var c = _inverseCovariance;
        Parallel.For(0, guide.Height, y =>
        {
            for (int i = y * guide.Width, end = i + guide.Width; i < end; i++)
            {
                // In double: colour channels are strongly correlated, so with a small epsilon (the matting
                // Laplacian's 1e-5) the adjugate's products cancel to a few digits and float inverses
                // turn to noise.
                double mr = _meanR[i], mg = _meanG[i], mb = _meanB[i];
                double rr = c[0][i] - mr * mr + epsilon, rg = c[1][i] - mr * mg, rb = c[2][i] - mr * mb;
                double gg = c[3][i] - mg * mg + epsilon, gb = c[4][i] - mg * mb, bb = c[5][i] - mb * mb + epsilon;
                // Adjugate / determinant of the symmetric 3x3 matrix.
                double ir = gg * bb - gb * gb, irg = rb * gb - rg * bb, irb = rg * gb - rb * gg;
                double det = rr * ir + rg * irg + rb * irb;
                double inv = 1 / det;
                c[0][i] = (float)(ir * inv);
                c[1][i] = (float)(irg * inv);
                c[2][i] = (float)(irb * inv);
                c[3][i] = (float)((rr * bb - rb * rb) * inv);
                c[4][i] = (float)((rb * rg - rr * gb) * inv);
                c[5][i] = (float)((rr * gg - rg * rg) * inv);
            }
        });
    }

    public ColourPlanes Guide => _guide;
    public int Width => _guide.Width;
    public int Height => _guide.Height;

    /// <summary>Window-averaged linear coefficients (a_r, a_g, a_b, b) fitted to <paramref name="input"/>.</summary>
    public LinearCoefficients Fit(float[] input)
    {
        var coefficients = LinearCoefficients.Allocate(Width, Height);
        Fit(input, coefficients);
        return coefficients;
    }

    /// <summary>
    /// <see cref="Fit(float[])"/> into existing planes, so that iterative solvers (see
    /// <see cref="MattingLaplacian"/>) allocate nothing per iteration.
    /// </summary>
    public void Fit(float[] input, LinearCoefficients output)
    {
        var (ar, ag, ab, meanP) = (output.AR, output.AG, output.AB, output.B);
        input.CopyTo(meanP, 0);
        BoxFilter.MeanInPlace(meanP, Width, Height, _radius);
        BoxMeanOfProduct(_guide.R, input, ar);
        BoxMeanOfProduct(_guide.G, input, ag);
        BoxMeanOfProduct(_guide.B, input, ab);
        var c = _inverseCovariance;
        Parallel.For(0, Height, y =>
        {
            for (int i = y * Width, end = i + Width; i < end; i++)
            {
                float p = meanP[i];
                float cr = ar[i] - _meanR[i] * p, cg = ag[i] - _meanG[i] * p, cb = ab[i] - _meanB[i] * p;
                float a0 = c[0][i] * cr + c[1][i] * cg + c[2][i] * cb;
                float a1 = c[1][i] * cr + c[3][i] * cg + c[4][i] * cb;
                float a2 = c[2][i] * cr + c[4][i] * cg + c[5][i] * cb;
                ar[i] = a0;
                ag[i] = a1;
                ab[i] = a2;
                meanP[i] = p - a0 * _meanR[i] - a1 * _meanG[i] - a2 * _meanB[i];
            }
        });
        foreach (var plane in new[] { ar, ag, ab, meanP })
            BoxFilter.MeanInPlace(plane, Width, Height, _radius);
    }

    /// <summary>The guided filter's output a·I + b at the guide's own resolution.</summary>
    public float[] Filter(float[] input)
    {
        var coefficients = Fit(input);
        var output = new float[Width * Height];
        coefficients.Apply(_guide, output);
        return output;
    }

    private float[] BoxMean(float[] plane)
    {
        var mean = (float[])plane.Clone();
        BoxFilter.MeanInPlace(mean, Width, Height, _radius);
        return mean;
    }

    private float[] BoxMeanOfProduct(float[] first, float[] second)
    {
        var product = new float[first.Length];
        BoxMeanOfProduct(first, second, product);
        return product;
    }

    private void BoxMeanOfProduct(float[] first, float[] second, float[] product)
    {
        for (int i = 0; i < product.Length; i++)
            product[i] = first[i] * second[i];
        BoxFilter.MeanInPlace(product, Width, Height, _radius);
    }
}

/// <summary>Per-pixel linear model alpha = a·RGB + b, stored at the resolution it was fitted at.</summary>
internal sealed record LinearCoefficients(int Width, int Height, float[] AR, float[] AG, float[] AB, float[] B)
{
    public static LinearCoefficients Allocate(int width, int height) =>
        new(width, height, new float[width * height], new float[width * height], new float[width * height], new float[width * height]);

    /// <summary>Evaluates the model on a guide of the same size.</summary>
    public void Apply(ColourPlanes guide, float[] output)
    {
        Parallel.For(0, Height, y =>
        {
            for (int i = y * Width, end = i + Width; i < end; i++)
                output[i] = At(guide, i);
        });
    }

    /// <summary>The model's alpha a·I + b at pixel <paramref name="i"/> of a guide of the same size.</summary>
    public float At(ColourPlanes guide, int i) => AR[i] * guide.R[i] + AG[i] * guide.G[i] + AB[i] * guide.B[i] + B[i];
}
