using Cutout.Imaging;

namespace Cutout.Matting;

/// <summary>
/// The refinement stage's result at full resolution: the alpha, and the cutout whose RGB holds the
/// estimated foreground colour (straight alpha; never garbage under alpha 0).
/// </summary>
public sealed record RefinedMatte(AlphaMatte Alpha, RgbaImage Foreground);
