namespace Cutout.Matting;

/// <summary>
/// How much care the edges need: fine hair and fur need a wider refinement band and a stronger
/// matting solver than a product with crisp outlines. Ordered: each level does at least what the one below does.
/// </summary>
public enum EdgeCare
{
    /// <summary>The refinement's defaults: right for products and people with tidy hair.</summary>
    Standard,

    /// <summary>Hair, fine details.</summary>
    Fine,

    /// <summary>Curly or flyaway hair, fur, feathers.</summary>
    Strong,

    /// <summary>White or translucent edges against their background (white fur, glass, veils, smoke).</summary>
    Maximum,
}

/// <summary>The refinement settings behind each <see cref="EdgeCare"/> level (the CLI's <c>--edge-care</c>, the chat's edge words).</summary>
public static class EdgeCarePresets
{
    // A wider unknown band lets the matting solver reach the tips of hair and fur that the coarse model
    // mask cuts off. The stronger levels also solve the whole band as a soft matte, which is what
    // "smoother" asks for; the price is softer edges where the truth is hard (docs/tuning.md, "Edge-care levels").
    // Strong solves a still wider band as max's automatic edges already solve hair (their soft candidate, edge
    // softness 0.9), so a complaint about seen hair always gets visibly softer edges.
    private static readonly RefinementOptions Fine = RefinementOptions.Default with { BandScale = 1.5f };
    private static readonly RefinementOptions Strong = Fine with { BandScale = 2f, EdgeSoftness = 0.9f };
    private static readonly RefinementOptions Maximum = Strong with { EdgeSoftness = 1f };

    /// <summary>The refinement options for <paramref name="care"/>.</summary>
    public static RefinementOptions For(EdgeCare care) => care switch
    {
        EdgeCare.Standard => RefinementOptions.Default,
        EdgeCare.Fine => Fine,
        EdgeCare.Strong => Strong,
        EdgeCare.Maximum => Maximum,
        _ => throw new ArgumentOutOfRangeException(nameof(care)),
    };

    /// <summary>The level named <paramref name="name"/> (standard, fine, strong, maximum; case-insensitive).</summary>
    public static EdgeCare Parse(string name) =>
        Enum.TryParse<EdgeCare>(name.Trim(), ignoreCase: true, out var care) && Enum.IsDefined(care) && !int.TryParse(name, out _)
            ? care
            : throw new CutoutException(CutoutErrorKind.InvalidOption,
                $"'{name}' is not an edge-care level (use {string.Join(", ", Enum.GetNames<EdgeCare>().Select(n => n.ToLowerInvariant()))})");
}
