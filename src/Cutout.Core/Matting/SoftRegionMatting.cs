using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>
/// Max mode's alpha for soft regions (hair, fur, translucent material): closed-form matting
/// (<see cref="ClosedFormMatting"/> on the large-window <see cref="MattingLaplacian"/>) instead of the
/// guided filter's local fit, which cannot pull strand detail out of the model's smooth haze and
/// erases strands fainter than 0.5. The solve covers the soft cores (see <see cref="Trimap.Softness"/>)
/// and the faint haze just outside them, where strands stick out; crisp edges keep the guided filter.
/// Constants were chosen on a synthetic fixture (fine soft strands over developer-photo backgrounds,
/// model alpha = truth blurred; see tests/Cutout.Core.Tests/Matting/SoftRegionMattingTests.cs) and
/// checked on the 20 developer photos (tests/Cutout.Core.Tests/Evaluation).
/// </summary>
internal static class SoftRegionMatting
{
    // Soft cores: pixels at least this soft. Measured without the ring and with 12 px windows, any
    // softness gave hair SAD −26% but developer band error −21.8%; 0.5 gave −24% and −23.8%.
    private const float CoreSoftness = 0.5f;
    // The ring of faint haze around a core that is solved too, in model pixels (24 working pixels on
    // the developer photos). Only the background side (model alpha below 0.5): on the developer set
    // the ring's losses were all inside the objects (pixels the model had at 0.5..0.98 turned soft).
    // Hair fixture gradient error vs the model alpha: no ring −16%, 24 px −30%, with the developer
    // band error at −22.8% either way (12 px windows: 12 px ring −22%; a 40 px ring or rings on
    // both sides of 0.5 cost the developer set 2% of band error or more).
    private const float RingInModelPixels = 29f;
    private const float RingBelowAlpha = 0.5f;
    // Laplacian window radius in model pixels (20 working pixels on the developer photos). Large
    // windows carry the colour model across a whole strand and its background and make the solve
    // converge fast; hair fixture gradient error −24% at 12 working px, −30% at 20.
    private const float LaplacianRadiusInModelPixels = 24f;
    // Colour regularisation of the Laplacian's windows, far below the guided filter's 1e-3 so that a
    // strand's faint colour difference still counts (hair fixture SAD / gradient error: 1e-4 −33% /
    // −25%, 1e-5 −36% / −30%, 1e-6 −37% / −31% with the developer set unchanged); the larger of the
    // last two keeps the system better conditioned.
    private const float LaplacianEpsilon = 1e-5f;
    // Data weights relative to L's diagonal. In cores a weak pull to the model keeps the problem
    // well-posed where colours say nothing (0.003 and 0.03 measured the same; 0.1 erased detail when
    // the whole band was solved: hair SAD −23% against −36% at 0.001). In the ring a full-strength
    // pull to the raw model haze (not the crisp-edge decision, which erases faint strands) leaves the
    // Laplacian only to sharpen it (measured with rings on both sides of 0.5, developer band error:
    // 0.3 −20.1%, 1 −21.9%).
    private const float CoreDataWeight = 0.01f;
    // When the user asks for soft edges (RefinementOptions.EdgeSoftness of 0.5 or more) the whole band
    // is one core, including the edges of textured backgrounds and subjects, across which large windows
    // carry colours that do not belong together. Smaller windows and a firmer pull to the model keep the
    // subject whole: at EdgeSoftness 1 with 24 px windows and weight 0.01 the developer IoU fell from
    // 0.8607 to 0.7586 (davis-libby lost its subject, 0.65 → 0.05); 12 px and 0.1 kept 0.8499 (worst photo
    // −0.07), while on the grown hair of the portraits SAD / gradient error still fell 5–10% / 40–49%
    // below the model alpha's (8 px and 0.3: IoU 0.8581 but only −2..+1% / −30..−39%).
    private const float WholeBandLaplacianRadiusInModelPixels = 12f;
    private const float WholeBandCoreDataWeight = 0.1f;
    private const float RingDataWeight = 1f;
    // The ring keeps half of the crisp-edge contrast: none cost the developer set 4% of band error
    // (−18.7%), full contrast cost the hair fixture 5% of gradient error (12 px windows: −19% vs −24%).
    private const float RingCrispness = 0.5f;
    // The soft candidate is the band as EdgeCare's Maximum level solves it (edge softness 0.9).
    private const float SoftCandidateSoftness = 0.9f;
    // Its conjugate-gradient iterations: every figure of `bench quality` (soft, dev and objects sets, the fine hair)
    // came out within 0.1 point at 6 as at 12 (at 4 within 0.2), and the candidate's median time on the soft mattes
    // fell from about 140 to 85 ms. The soft cores' solve keeps 12: at 6 the dev IoU fell 0.0003.
    private const int SoftCandidateIterations = 6;

    /// <summary>
    /// Replaces <paramref name="coefficients"/> in the soft regions by the solved alpha (as a constant
    /// model: a = 0, b = alpha) and lowers <paramref name="crispness"/> in their rings. The solved alpha
    /// is upsampled as it is, so above the 1 MP working grid (see <see cref="RefinementPlan"/>) strands
    /// finer than a working pixel come out as soft as that pixel.
    /// <paramref name="input"/> is what the guided filter fitted; <paramref name="modelAlpha"/> is the
    /// model's own alpha on the working grid. <paramref name="edgeSoftness"/> is
    /// <see cref="RefinementOptions.EdgeSoftness"/>, already applied to the trimap's softness.
    /// </summary>
    public static void Solve(ColourPlanes guide, Trimap trimap, float[] modelAlpha, float[] input, float[] crispness, float modelPixel, float edgeSoftness, LinearCoefficients coefficients)
    {
        int width = guide.Width, height = guide.Height;
        bool wholeBand = SolvesWholeBand(edgeSoftness);
        var core = trimap.Softness.Select(soft => soft >= CoreSoftness ? 1f : 0f).ToArray();
        var nearCore = (float[])core.Clone();
        BoxFilter.DilateInPlace(nearCore, width, height, Math.Max(1, (int)MathF.Round(RingInModelPixels * modelPixel)));
        var region = new byte[width * height];
        for (int i = 0; i < region.Length; i++)
            if (trimap.Labels[i] == Trimap.Unknown)
                region[i] = core[i] > 0 ? Core : nearCore[i] > 0 && modelAlpha[i] < RingBelowAlpha ? Ring : Outside;
        var target = new float[region.Length];
        for (int i = 0; i < region.Length; i++)
            target[i] = region[i] == Ring ? modelAlpha[i] : input[i];
        // The solved alpha becomes a constant colour model: a = 0, b = alpha.
        SolveRegions(guide, trimap, coefficients, region, target, Radius(wholeBand, modelPixel), wholeBand ? WholeBandCoreDataWeight : CoreDataWeight, ClosedFormMatting.MaxIterations, coefficients.B);
        for (int i = 0; i < region.Length; i++)
        {
            if (region[i] == Outside)
                continue;
            (coefficients.AR[i], coefficients.AG[i], coefficients.AB[i]) = (0f, 0f, 0f);
            if (region[i] == Ring)
                crispness[i] *= RingCrispness;
        }
    }

    /// <summary>
    /// Max's soft candidate for the edge gate (<see cref="GateWeights.Soft"/>): the band solved as one soft
    /// core, as an edge softness of 0.9 would, but only where <paramref name="where"/> is above zero. Returns
    /// the solved alpha on the working grid (the band's solve elsewhere), or null when no pixel asks for it.
    /// </summary>
    public static float[]? SolveSoftCandidate(BandSolve solve, float[] where)
    {
        var (trimap, texture, modelAlpha) = (solve.Trimap, solve.Texture, solve.ModelAlpha);
        var region = new byte[where.Length];
        bool any = false;
        for (int i = 0; i < region.Length; i++)
            if (trimap.Labels[i] == Trimap.Unknown && where[i] > 0f)
                (region[i], any) = (Core, true);
        if (!any)
            return null;
        var target = new float[where.Length];
        var alpha = new float[where.Length];
        for (int i = 0; i < alpha.Length; i++)
        {
            // What the band's solve pulls towards, at the candidate's softness.
            target[i] = MatteRefiner.TowardsDecision(modelAlpha[i], MatteRefiner.Crispness(Math.Max(trimap.Softness[i], SoftCandidateSoftness), texture[i]));
            alpha[i] = trimap.Labels[i] == Trimap.Unknown ? Math.Clamp(solve.Coefficients.At(solve.Guide, i), 0f, 1f) : trimap.Labels[i] == Trimap.Foreground ? 1f : 0f;
        }
        SolveRegions(solve.Guide, trimap, solve.Coefficients, region, target, Radius(wholeBand: true, solve.Plan.ModelPixel), WholeBandCoreDataWeight, SoftCandidateIterations, alpha);
        return alpha;
    }

    /// <summary>
    /// Closed-form matting of the free pixels on their bounding box, widened by one window so that every
    /// window touching a free pixel sees its whole neighbourhood; the other pixels are held at the band's
    /// solve. The free pixels' solved alpha is written to <paramref name="solved"/> (a working-grid plane).
    /// </summary>
    private static void SolveRegions(ColourPlanes guide, Trimap trimap, LinearCoefficients coefficients, byte[] region, float[] targets, int radius, float coreDataWeight, int iterations, float[] solved)
    {
        int width = guide.Width, height = guide.Height;
        int left = width, top = height, right = -1, bottom = -1;
        for (int y = 0; y < height; y++)
            for (int x = 0, i = y * width; x < width; x++, i++)
                if (region[i] != Outside)
                    (left, top, right, bottom) = (Math.Min(left, x), Math.Min(top, y), Math.Max(right, x), Math.Max(bottom, y));
        if (right < 0)
            return;

        (left, top) = (Math.Max(0, left - radius), Math.Max(0, top - radius));
        (right, bottom) = (Math.Min(width - 1, right + radius), Math.Min(height - 1, bottom + radius));
        int cropWidth = right - left + 1, cropHeight = bottom - top + 1, count = cropWidth * cropHeight;
        var crop = new ColourPlanes(cropWidth, cropHeight, new float[count], new float[count], new float[count]);
        var alpha = new float[count];
        var target = new float[count];
        var weight = new float[count];
        var free = new bool[count];
        Parallel.For(0, cropHeight, y =>
        {
            for (int x = 0, j = y * cropWidth, i = (y + top) * width + left; x < cropWidth; x++, i++, j++)
            {
                (crop.R[j], crop.G[j], crop.B[j]) = (guide.R[i], guide.G[i], guide.B[i]);
                byte label = trimap.Labels[i];
                // Warm start: the guided filter's alpha, which also holds the pixels outside the regions.
                alpha[j] = label == Trimap.Foreground ? 1f : label == Trimap.Background ? 0f : Math.Clamp(coefficients.At(guide, i), 0f, 1f);
                free[j] = region[i] != Outside;
                target[j] = targets[i];
                weight[j] = region[i] switch { Core => coreDataWeight, Ring => RingDataWeight, _ => 0f };
            }
        });
        ClosedFormMatting.Solve(new MattingLaplacian(crop, radius, LaplacianEpsilon), alpha, target, weight, free, iterations);

        Parallel.For(0, cropHeight, y =>
        {
            for (int x = 0, j = y * cropWidth, i = (y + top) * width + left; x < cropWidth; x++, i++, j++)
                if (free[j])
                    solved[i] = Math.Clamp(alpha[j], 0f, 1f);
        });
    }

    private static int Radius(bool wholeBand, float modelPixel) =>
        Math.Max(1, (int)MathF.Round((wholeBand ? WholeBandLaplacianRadiusInModelPixels : LaplacianRadiusInModelPixels) * modelPixel));

    /// <summary>Whether the user's <see cref="RefinementOptions.EdgeSoftness"/> makes the whole band one soft core.</summary>
    public static bool SolvesWholeBand(float edgeSoftness) => Math.Clamp(edgeSoftness, 0f, 1f) >= CoreSoftness;

    private const byte Outside = 0, Core = 1, Ring = 2;
}
