namespace Cutout.Matting;

/// <summary>Expert knobs of the edge refinement; the defaults are chosen so nobody needs them.</summary>
public sealed record RefinementOptions
{
    public static RefinementOptions Default { get; } = new();

    /// <summary>Multiplier of the automatically chosen unknown-band width (1 = automatic).</summary>
    public float BandScale { get; init; } = 1f;

    /// <summary>0 = keep the upsampled model alpha, 1 = trust the matting solver fully.</summary>
    public float Strength { get; init; } = 1f;

    /// <summary>Write estimated foreground colours instead of the original pixels where 0 &lt; alpha &lt; 1.</summary>
    public bool Decontaminate { get; init; } = true;
}
