using Cutout.Matting;

namespace Cutout.Advanced;

/// <summary>
/// Turns the model's low-resolution alpha into a full-resolution matte and foreground:
/// clean up specks and pinholes, derive a trimap whose unknown band follows the model's uncertainty,
/// re-solve the band's alpha from the photo's own colours, then estimate the foreground colours.
/// Both modes fit the band with the guided filter, <see cref="QualityMode.Eco"/> on a coarser grid;
/// <see cref="QualityMode.Max"/> then solves soft regions such as hair in closed form
/// (<see cref="SoftRegionMatting"/>), which recovers strands the guided filter blurs away or erases,
/// and lets a learned gate (<see cref="EdgeGate"/>) choose per pixel between the solve and the model's
/// own alpha, how much crisp-edge contrast the solve keeps, and how much of a soft closed-form solve of the
/// band to blend in where the evidence says hair or fur; where the colour solve and the model place a crisp
/// edge alike, max sharpens it further.
/// </summary>
public static class MatteRefiner
{
    // Contrast applied around 0.5 to the solved alpha along edges the model drew crisply: there the
    // guided filter's window blur is an artefact, not transparency. In wide soft regions (see
    // Trimap.Softness: translucent material, thick hair) and on textured photo regions (see PhotoTexture:
    // hair, fur, plants, mesh the model drew crisply) it fades to none, so they stay semi-transparent.
    // The model draws most real hair and fur crisply, so contrast trades the binary sets' edge band
    // against the soft mattes' transparency. Measured with `bench quality` (change against the raw
    // model alpha, geometric mean over the photos; dev band error / soft SAD, MSE, gradient error):
    // 3 without texture fading −27.7% / −2.5%, +21%, +48%; 1.5 without −22.8% / −7.3%, +9%, +29%;
    // 1.5 faded by texture −20.4% / −7.8%, +7.4%, +20%; 2 faded by texture −23.5% / −5.5%, +13%, +28%.
    // In max mode EdgeGate then scales it per pixel (docs/tuning.md).
    private const float EdgeContrast = 1.5f;
    // Max sharpens the blended alpha further (contrast up to 3 around 0.5) where the colour solve at full contrast
    // and the model's own alpha agree to within 0.1 on a crisp edge the gate gives no soft candidate: two
    // independent placements of the edge corroborate each other, so what ramp is left is blur, not doubt about
    // where the edge is (which is what a binary truth's gradient error punishes in a sharpened edge). The weight
    // falls linearly with the disagreement, with the crispness and as (1 − soft share)^8. `bench quality` (dev
    // band / gradient, objects band, soft gradient, fine hair am-gt03 SAD / gradient, all against raw) without it:
    // −12.5% / −1.4%, −6.7%, −32.0%, −24.1% / −36.8%; with it −17.3% / −0.4%, −14.6%, −29.0%, −23.9% / −32.3%
    // (docs/tuning.md, "Corroborated edges", has the alternatives).
    private const float CorroboratedEdgeContrast = 3f;
    private const float CorroborationTolerance = 0.1f;
    private const float CorroborationSoftPower = 8f;
    // Pixels this close (in photo pixels) to the cutout's outside are its rim: only there may the
    // foreground colour be separated with the alpha before contrast. On the developer photos composited
    // over green, the colour error along the outline fell from 20.4 to 17.5 (1 px: 18.0; 3 px and more
    // the same as 2); deeper inside, the fit's few percent of noise must not tint opaque pixels.
    private const int RimWidth = 2;

    /// <summary>Refines <paramref name="coarse"/> against the photo's colours into a matte and foreground at the photo's size.</summary>
    /// <param name="image">The decoded photo; its colours place the edges.</param>
    /// <param name="coarse">The model's alpha at any resolution (typically the model's input size).</param>
    /// <param name="mode">Max adds the closed-form solve of soft regions; eco fits on a coarser grid.</param>
    /// <param name="options">Expert knobs; null means <see cref="RefinementOptions.Default"/>.</param>
    /// <param name="cancellationToken">Checked between steps.</param>
    /// <exception cref="OperationCanceledException">Cancelled between steps.</exception>
    public static RefinedMatte Refine(RgbaImage image, AlphaMatte coarse, QualityMode mode, RefinementOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentNullException.ThrowIfNull(coarse);
        options ??= RefinementOptions.Default;
        var solve = Solve(image, coarse, mode, options, cancellationToken);
        // Edge softness below the whole-band solve lowers the crispness the gate sees and is the least share of
        // its soft candidate, so every step softens; from there on the user's softness replaces the automatic choice.
        var gate = mode == QualityMode.Max && !SoftRegionMatting.SolvesWholeBand(options.EdgeSoftness) ? EdgeGate.Weights(solve, Math.Clamp(options.EdgeSoftness, 0f, 1f)) : null;
        if (gate is not null)
            gate = gate with { SoftAlpha = SoftRegionMatting.SolveSoftCandidate(solve, gate.Soft) };
        return Finish(image, solve, gate, options, cancellationToken);
    }

    /// <summary>
    /// The working-grid stage: cleanup, trimap, crispness, the guided filter's fit and (max) the soft-region solve.
    /// </summary>
    internal static BandSolve Solve(RgbaImage image, AlphaMatte coarse, QualityMode mode, RefinementOptions options, CancellationToken cancellationToken = default)
    {
        var plan = RefinementPlan.For(image, coarse, mode, options);
        var cleaned = coarse.Clone();
        MatteCleanup.RemoveIslandsAndFillHoles(cleaned);
        cancellationToken.ThrowIfCancellationRequested();

        var guide = ColourPlanes.FromImage(image, plan.WorkingFactor);
        var workingAlpha = Resampling.ResizeBilinear(cleaned, guide.Width, guide.Height);
        float edgeSoftness = Math.Clamp(options.EdgeSoftness, 0f, 1f);
        var trimap = Trimap.FromAlpha(workingAlpha, plan.BandRadius, plan.ModelPixel, edgeSoftness);
        // Along crisp edges the solver sees the model's decision rather than its blurry ramp, and the
        // photo's colours decide where inside the band the edge really is; in soft regions it sees the
        // model's soft alpha. The decision is itself a ramp across the model's clearly mixed values
        // (Trimap.MixedLow..MixedHigh): a pixel the model barely puts on one side of 0.5 is left for
        // the colours to decide instead of being flipped to 0 or 1. On the developer set this lowered
        // the gradient error on 19 of 20 photos (mean 0.1442 → 0.1405 thousand) for a band error of
        // −22.9% instead of −23.1% of the raw alpha's; SAD and IoU unchanged. Steeper ramps kept less
        // of the gain (0.33..0.67: 0.1421, 0.375..0.625: 0.1428).
        var texture = PhotoTexture.Measure(guide, plan.ModelPixel);
        var crispness = Crispness(trimap.Softness, texture);
        // The closed-form solve pulls faint haze towards the model's own alpha, not the decision.
        var modelAlpha = (float[])workingAlpha.Values.Clone();
        var input = workingAlpha.Values;
        for (int i = 0; i < input.Length; i++)
            input[i] = TowardsDecision(input[i], crispness[i]);
        var coefficients = new GuidedFilter(guide, plan.FilterRadius, GuidedFilter.DefaultEpsilon).Fit(input);
        if (mode == QualityMode.Max)
            SoftRegionMatting.Solve(guide, trimap, modelAlpha, input, crispness, plan.ModelPixel, edgeSoftness, coefficients);
        cancellationToken.ThrowIfCancellationRequested();
        return new BandSolve(plan, cleaned, guide, modelAlpha, trimap, texture, crispness, coefficients);
    }

    /// <summary>
    /// The full-resolution stage: the solved alpha in the band, blended per pixel with the upsampled model
    /// alpha by <paramref name="gate"/> (working grid; null = the solve everywhere), then the foreground.
    /// </summary>
    internal static RefinedMatte Finish(RgbaImage image, BandSolve solve, GateWeights? gate, RefinementOptions options, CancellationToken cancellationToken = default)
    {
        float strength = Math.Clamp(options.Strength, 0f, 1f);
        // Only the plan outlives the band: the working-grid planes can go before the foreground estimate.
        var plan = solve.Plan;
        // The band's alpha is a blend with the upsampled model alpha (by the gate and the strength), so it
        // starts from it; outside the band it is overwritten with 0 or 1.
        var alpha = Resampling.ResizeBilinear(solve.Cleaned, image.Width, image.Height);
        var mixing = options.Decontaminate ? alpha.Clone() : null;
        ApplyInBand(image, solve, gate, strength, alpha, mixing);
        if (mixing is not null)
            KeepMixingToTheRim(alpha, mixing);
        cancellationToken.ThrowIfCancellationRequested();

        var foreground = mixing is not null
            ? ForegroundEstimator.Estimate(image, alpha, mixing, plan, cancellationToken)
            : image.WithAlpha(alpha);
        return new RefinedMatte(alpha, foreground);
    }

    /// <summary>
    /// Writes the solved alpha (the linear colour model evaluated on the full-resolution pixels, so
    /// edges land where the photo's edges are) into the unknown band, and 0 / 1 elsewhere. Below full
    /// strength it is blended with the upsampled model alpha already in <paramref name="alpha"/>.
    /// <paramref name="mixing"/>, when given, gets the same alpha before the crisp-edge contrast: how
    /// much foreground each pixel really shows. Contrast makes the last pixels of an edge opaque although
    /// they are partly background; the foreground estimate needs to know they are mixed, or they keep the
    /// old background's colour, a one-pixel rim of (say) grass green around a white sheep.
    /// </summary>
    private static void ApplyInBand(RgbaImage image, BandSolve solve, GateWeights? gate, float strength, AlphaMatte alpha, AlphaMatte? mixing)
    {
        var (trimap, crispness, model, factor) = (solve.Trimap, solve.Crispness, solve.Coefficients, solve.Plan.WorkingFactor);
        int ww = model.Width, wh = model.Height;
        var taps = Resampling.BlockTaps(image.Width, factor, ww);
        var softAlpha = gate?.SoftAlpha;
        Parallel.For(0, image.Height, () => new float[7 * ww], (y, _, rows) =>
        {
            var (y0, y1, wy) = Resampling.BlockTap(y, factor, wh);
            var ar = rows.AsSpan(0, ww);
            var ag = rows.AsSpan(ww, ww);
            var ab = rows.AsSpan(2 * ww, ww);
            var b = rows.AsSpan(3 * ww, ww);
            Resampling.InterpolateRows(model.AR, ww, y0, y1, wy, ar);
            Resampling.InterpolateRows(model.AG, ww, y0, y1, wy, ag);
            Resampling.InterpolateRows(model.AB, ww, y0, y1, wy, ab);
            Resampling.InterpolateRows(model.B, ww, y0, y1, wy, b);
            var g = rows.AsSpan(4 * ww, ww);
            if (gate is null)
                g.Fill(1f);
            else
                Resampling.InterpolateRows(gate.Solve, ww, y0, y1, wy, g);
            var softShare = rows.AsSpan(5 * ww, ww);
            var soft = rows.AsSpan(6 * ww, ww);
            if (softAlpha is not null)
            {
                Resampling.InterpolateRows(gate!.Soft, ww, y0, y1, wy, softShare);
                Resampling.InterpolateRows(softAlpha, ww, y0, y1, wy, soft);
            }
            var labels = trimap.Labels.AsSpan(y / factor * ww, ww);
            var crisp = crispness.AsSpan(y / factor * ww, ww);
            var pixels = image.Row(y);
            var output = alpha.Row(y);
            var mixed = mixing is null ? Span<float>.Empty : mixing.Row(y);
            // One working pixel covers `factor` photo pixels of the row: outside the band they are all
            // 0 or 1, filled at once (most of a large photo).
            for (int column = 0; column < ww; column++)
            {
                int start = column * factor, end = Math.Min(output.Length, start + factor);
                byte label = labels[column];
                if (label != Trimap.Unknown && strength >= 1f)
                {
                    float sure = label == Trimap.Foreground ? 1f : 0f;
                    output[start..end].Fill(sure);
                    if (!mixed.IsEmpty)
                        mixed[start..end].Fill(sure);
                    continue;
                }
                float fullContrast = 1f + (EdgeContrast - 1f) * crisp[column];
                float contrast = gate is null ? fullContrast : 1f + (fullContrast - 1f) * gate.Contrast[y / factor * ww + column];
                for (int x = start; x < end; x++)
                {
                    float solved = label == Trimap.Foreground ? 1f : 0f, unsharpened = solved, weight = strength, model = output[x], corroboration = 0f;
                    if (label == Trimap.Unknown)
                    {
                        weight *= Lerp(g, taps[x].First, taps[x].Second, taps[x].Weight);
                        var (x0, x1, wx) = taps[x];
                        float linear = Lerp(ar, x0, x1, wx) * pixels[x * 4] + Lerp(ag, x0, x1, wx) * pixels[x * 4 + 1]
                            + Lerp(ab, x0, x1, wx) * pixels[x * 4 + 2];
                        float centred = linear / 255f + Lerp(b, x0, x1, wx) - 0.5f;
                        solved = Math.Clamp(centred * contrast + 0.5f, 0f, 1f);
                        unsharpened = Math.Clamp(centred + 0.5f, 0f, 1f);
                        if (gate is not null)
                            corroboration = Corroboration(crisp[column], Math.Clamp(centred * fullContrast + 0.5f, 0f, 1f), model);
                    }
                    output[x] += weight * (solved - output[x]);
                    if (!mixed.IsEmpty)
                        mixed[x] += weight * (unsharpened - mixed[x]);
                    if (gate is null || label != Trimap.Unknown)
                        continue;
                    float wanted = 0f;
                    if (softAlpha is not null)
                    {
                        var (s0, s1, sx) = taps[x];
                        wanted = Lerp(softShare, s0, s1, sx);
                        float share = strength * wanted, value = Lerp(soft, s0, s1, sx);
                        output[x] += share * (value - output[x]);
                        if (!mixed.IsEmpty)
                            mixed[x] += share * (value - mixed[x]);
                    }
                    // The mixing keeps the unsharpened alpha: the foreground estimate must still see these pixels as mixed.
                    output[x] = SharpenCorroborated(output[x], strength * corroboration, wanted);
                }
            }
            return rows;
        }, _ => { });
    }

    /// <summary>
    /// Away from the cutout's rim (see <see cref="RimWidth"/>) the mixing is the alpha itself. Only
    /// pixels where contrast changed the alpha are looked at, so the cost follows the edge band.
    /// </summary>
    private static void KeepMixingToTheRim(AlphaMatte alpha, AlphaMatte mixing)
    {
        int w = alpha.Width, h = alpha.Height;
        var a = alpha.Values;
        var m = mixing.Values;
        Parallel.For(0, h, y =>
        {
            int y0 = Math.Max(0, y - RimWidth), y1 = Math.Min(h - 1, y + RimWidth);
            for (int x = 0, i = y * w; x < w; x++, i++)
            {
                if (m[i] == a[i])
                    continue;
                int x0 = Math.Max(0, x - RimWidth), x1 = Math.Min(w - 1, x + RimWidth);
                bool nearOutside = false;
                for (int yy = y0; yy <= y1 && !nearOutside; yy++)
                    for (int j = yy * w + x0, end = yy * w + x1; j <= end; j++)
                        if (a[j] < 0.5f)
                        {
                            nearOutside = true;
                            break;
                        }
                if (!nearOutside)
                    m[i] = a[i];
            }
        });
    }

    /// <summary>
    /// How far the colour solve at full crisp-edge contrast (<paramref name="solved"/>) and the model's alpha corroborate
    /// each other's edge: 1 where they agree on a fully crisp edge, 0 from <see cref="CorroborationTolerance"/> apart.
    /// </summary>
    internal static float Corroboration(float crispness, float solved, float model) =>
        crispness * Math.Max(0f, 1f - Math.Abs(solved - model) / CorroborationTolerance);

    /// <summary>
    /// <paramref name="alpha"/> sharpened around 0.5 by <paramref name="corroboration"/> (see <see cref="Corroboration"/>),
    /// less where the gate blends in its soft candidate (<paramref name="softShare"/>).
    /// </summary>
    internal static float SharpenCorroborated(float alpha, float corroboration, float softShare)
    {
        // Most band pixels are not corroborated: they skip the power.
        if (corroboration <= 0f)
            return alpha;
        float sharpening = corroboration * MathF.Pow(1f - softShare, CorroborationSoftPower);
        return sharpening > 0f ? Math.Clamp((alpha - 0.5f) * (1f + (CorroboratedEdgeContrast - 1f) * sharpening) + 0.5f, 0f, 1f) : alpha;
    }

    /// <summary>
    /// The model's <paramref name="alpha"/> moved towards its decision (0 below the model's mixed range, 1 above
    /// it, linear in between) as far as the pixel's <paramref name="crispness"/> goes: what the solvers fit.
    /// </summary>
    internal static float TowardsDecision(float alpha, float crispness) =>
        alpha + crispness * (Math.Clamp((alpha - Trimap.MixedLow) / (Trimap.MixedHigh - Trimap.MixedLow), 0f, 1f) - alpha);

    /// <summary>
    /// 1 along crisp model edges on smooth photo regions, 0 in wide soft regions (see <see cref="Trimap.Softness"/>)
    /// and where the photo is textured (see <see cref="PhotoTexture"/>).
    /// </summary>
    private static float[] Crispness(float[] softness, float[] texture)
    {
        var crispness = new float[softness.Length];
        for (int i = 0; i < crispness.Length; i++)
            crispness[i] = Crispness(softness[i], texture[i]);
        return crispness;
    }

    internal static float Crispness(float softness, float texture) => (1f - softness) * (1f - texture);

    private static float Lerp(Span<float> row, int x0, int x1, float weight) => row[x0] + (row[x1] - row[x0]) * weight;
}

/// <summary>The working-grid result of <see cref="MatteRefiner.Solve"/>, before it is applied at full resolution.</summary>
internal sealed record BandSolve(RefinementPlan Plan, AlphaMatte Cleaned, ColourPlanes Guide, float[] ModelAlpha, Trimap Trimap, float[] Texture, float[] Crispness, LinearCoefficients Coefficients);
