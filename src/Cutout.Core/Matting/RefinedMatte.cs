namespace Cutout.Advanced;

/// <summary>
/// The refinement stage's result at full resolution: the alpha, and the cutout whose RGB holds the
/// estimated foreground colour (straight alpha; never garbage under alpha 0).
/// </summary>
/// <param name="Alpha">The final alpha at the photo's size.</param>
/// <param name="Foreground">The photo's size in RGBA: estimated foreground colours, with the alpha quantised into A.</param>
public sealed record RefinedMatte(AlphaMatte Alpha, RgbaImage Foreground);
