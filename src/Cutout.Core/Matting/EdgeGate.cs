using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>
/// Max mode's per-pixel choice between the solved alpha and the model's own alpha in the edge band:
/// the weight of the solve, a logistic function of local evidence (the model's alpha and how mixed it
/// is around the pixel, the photo's texture, the trimap's softness, how far the solve moved from the
/// model). The solve wins along product and body outlines (the photo's colours place the edge), the
/// model's alpha wins in much of real hair, fur and plants, where the model already draws a good soft
/// ramp and any solve adds noise. Where the evidence says hair, fur or plant fluff, a third weight blends
/// in the soft candidate: the band solved in closed form as one soft region (what edge softness 0.9 gives),
/// which pulls single strands out of the model's clumps. The coefficients (<see cref="LearnedSolve"/>,
/// <see cref="LearnedContrast"/>, <see cref="LearnedSoft"/>) were fitted on the soft mattes and the binary
/// dev photos together; `bench learn-gate` re-fits them and reports the leave-half-out check.
/// </summary>
internal static class EdgeGate
{
    public const int FeatureCount = 12;

    /// <summary>Names of the features, in order, for the fit's report.</summary>
    public static readonly string[] FeatureNames =
        ["bias", "alpha", "mixed", "softness", "texture", "crispness", "solved", "moved", "mixed nearby", "closed form", "texture·mixed", "softness·mixed"];

    // Nearby mixedness is averaged over this many model pixels: the width of a crisp edge's ramp.
    private const float NearbyRadiusInModelPixels = 2f;

    /// <summary>Weight of the solve against the model alpha; fitted by `bench learn-gate` (see docs/tuning.md).</summary>
    public static readonly float[] LearnedSolve = [0.441f, 0.335f, 1.323f, -0.008f, -1.273f, 0.848f, 0.221f, -0.457f, 0.434f, -0.524f, 0.132f, 0.014f];

    /// <summary>Share of the crisp-edge contrast the solve keeps; fitted with <see cref="LearnedSolve"/>.</summary>
    public static readonly float[] LearnedContrast = [2.625f, -0.359f, -0.883f, 0.151f, 1.216f, -1.555f, -0.414f, 0.191f, 0.059f, 0.457f, 0.586f, 0.099f];

    /// <summary>Share of the soft candidate (<see cref="SoftRegionMatting.SolveSoftCandidate"/>) in the blend; fitted with <see cref="LearnedSolve"/>.</summary>
    public static readonly float[] LearnedSoft = [-5.34f, 0.292f, 2.426f, -0.425f, -1.451f, 1.857f, 0.464f, -0.398f, 1.073f, -0.249f, -0.772f, -0.344f];

    // Below this share the soft candidate is left out, and where no pixel reaches it, it is not solved at all:
    // the closed-form solve is the costliest step of the refinement. The fit knows no floor; the faint shares
    // it gives crisp outlines only soften them (`bench quality`, soft gradient / fine hair SAD / dev band /
    // dev gradient against raw: 0.02 −31.7% / −23.1% / −11.5% / −1.1%; 0.05 −32.0% / −24.1% / −12.5% / −1.4%;
    // 0.1 −30.7% / −23.9% / −13.9% / −0.8%; 0.25 −26.9% / −22.1% / −15.6% / +0.3%).
    private const float MinSoftWeight = 0.05f;

    /// <summary>The features of every working pixel, <see cref="FeatureCount"/> per pixel (for the fit).</summary>
    public static float[] Features(BandSolve solve)
    {
        var nearby = MixedNearby(solve);
        var features = new float[nearby.Length * FeatureCount];
        Parallel.For(0, nearby.Length, i => Describe(solve, nearby, i, features.AsSpan(i * FeatureCount, FeatureCount)));
        return features;
    }

    /// <summary>
    /// The learned gate at every working pixel. <paramref name="edgeSoftness"/> (see
    /// <see cref="RefinementOptions.EdgeSoftness"/>, below the whole-band solve) is the least share of the soft
    /// candidate, so that each step of the user's softness gives smoother edges than the automatic choice.
    /// </summary>
    public static GateWeights Weights(BandSolve solve, float edgeSoftness = 0f)
    {
        var nearby = MixedNearby(solve);
        int w = solve.Guide.Width, h = solve.Guide.Height;
        // The nearby-mixedness plane becomes the solve weights; the features live one row at a time.
        var weights = new GateWeights(nearby, new float[nearby.Length], new float[nearby.Length]);
        Parallel.For(0, h, () => new float[FeatureCount], (y, _, features) =>
        {
            for (int i = y * w, end = i + w; i < end; i++)
            {
                if (solve.Trimap.Labels[i] != Trimap.Unknown)
                {
                    (weights.Solve[i], weights.Contrast[i], weights.Soft[i]) = (1f, 1f, 0f);
                    continue;
                }
                Describe(solve, nearby, i, features);
                weights.Contrast[i] = Weight(features, LearnedContrast);
                weights.Solve[i] = Weight(features, LearnedSolve);
                float soft = Math.Max(Weight(features, LearnedSoft), edgeSoftness);
                weights.Soft[i] = soft >= MinSoftWeight ? soft : 0f;
            }
            return features;
        }, _ => { });
        return weights;
    }

    private static float[] MixedNearby(BandSolve solve)
    {
        int w = solve.Guide.Width, h = solve.Guide.Height;
        var a = solve.ModelAlpha;
        var nearby = new float[w * h];
        for (int i = 0; i < nearby.Length; i++)
            nearby[i] = 4f * a[i] * (1f - a[i]);
        BoxFilter.MeanInPlace(nearby, w, h, Math.Max(1, (int)MathF.Round(NearbyRadiusInModelPixels * solve.Plan.ModelPixel)));
        return nearby;
    }

    private static void Describe(BandSolve solve, float[] nearby, int i, Span<float> f)
    {
        var c = solve.Coefficients;
        float alpha = solve.ModelAlpha[i], mixed = 4f * alpha * (1f - alpha);
        float solved = Math.Clamp(c.At(solve.Guide, i), 0f, 1f);
        f[0] = 1f;
        f[1] = alpha;
        f[2] = mixed;
        f[3] = solve.Trimap.Softness[i];
        f[4] = solve.Texture[i];
        f[5] = solve.Crispness[i];
        f[6] = solved;
        f[7] = Math.Abs(solved - alpha);
        f[8] = nearby[i];
        f[9] = c.AR[i] == 0f && c.AG[i] == 0f && c.AB[i] == 0f ? 1f : 0f;
        f[10] = f[4] * mixed;
        f[11] = f[3] * mixed;
    }

    public static float Weight(ReadOnlySpan<float> features, ReadOnlySpan<float> coefficients)
    {
        float z = 0f;
        for (int k = 0; k < FeatureCount; k++)
            z += features[k] * coefficients[k];
        return 1f / (1f + MathF.Exp(-z));
    }
}

/// <summary>
/// Per working pixel: the weight of the solve against the model alpha, the share of the crisp-edge contrast it
/// keeps, and the share of the soft candidate (<see cref="SoftAlpha"/>, solved where that share is above zero)
/// blended over the result.
/// </summary>
internal sealed record GateWeights(float[] Solve, float[] Contrast, float[] Soft)
{
    /// <summary>The soft candidate's alpha on the working grid; null while it is not solved (or nowhere wanted).</summary>
    public float[]? SoftAlpha { get; init; }
}
