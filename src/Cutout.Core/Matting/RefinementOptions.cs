namespace Cutout.Matting;

/// <summary>Expert knobs of the edge refinement; the defaults are chosen so nobody needs them.</summary>
public sealed record RefinementOptions
{
    /// <summary>Automatic band width, full solver strength, automatic edge softness, decontamination on.</summary>
    public static RefinementOptions Default { get; } = new();

    /// <summary>Multiplier of the automatically chosen unknown-band width (1 = automatic).</summary>
    public float BandScale { get; init; } = 1f;

    /// <summary>0 = keep the upsampled model alpha, 1 = trust the matting solver fully.</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>
    /// How soft edges may come out. 0 (automatic) keeps edges soft only where the model sees
    /// translucency or thick hair and cuts every other edge crisply. Higher values trust the photo's
    /// colours over that cut: up to 0.5 the crisp-edge contrast weakens; from 0.5 the whole edge band is
    /// solved as a soft matte (max mode), which keeps fine strands and wisps, and at 1 nothing is sharpened.
    /// </summary>
    public float EdgeSoftness { get; init; }

    /// <summary>Write estimated foreground colours instead of the original pixels where 0 &lt; alpha &lt; 1.</summary>
    public bool Decontaminate { get; init; } = true;
}
