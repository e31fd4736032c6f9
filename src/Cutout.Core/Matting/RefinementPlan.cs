using Cutout.Advanced;

namespace Cutout.Matting;

/// <summary>
/// The concrete sizes of one refinement, derived from the image, the mode and the options. Constants
/// were chosen by measurement on the 20 developer photos (boundary-band error against the ground truth,
/// see tests/Cutout.Core.Tests/Evaluation) and by timing a 12 MP portrait on 2 cores.
/// </summary>
internal sealed record RefinementPlan(int WorkingFactor, int BandRadius, int FilterRadius, float ModelPixel, int ForegroundFactor, int LargeForegroundRadius, int SmallForegroundRadius)
{
    // The matting solve runs on at most this many pixels (an integer block reduction of the photo); its
    // linear colour model is then evaluated on the full-resolution pixels. 1 MP keeps a 12 MP photo at
    // factor 4 with the solve ~0.2 s; developer-sized photos are solved at full resolution. Eco uses the same
    // grid: a coarser one (0.25 MP) is coarser than the model's own 1024² output on 3 MP photos and cost eco
    // 0.005 IoU on the objects with thin parts (0.9407 vs 0.9361 from the same alpha).
    private const double MaxWorkingPixels = 1_000_000;
    // Foreground colours vary slowly (they are window means), so they are estimated on a coarser grid.
    private const double MaxForegroundPixelsMax = 500_000;
    private const double MaxForegroundPixelsEco = 120_000;
    // Unknown band = BaseBand + BandPerModelPixel·(size of one model pixel) working pixels around every
    // unsure pixel: the model's outline is typically off by one or two of its own pixels. Wider bands
    // (5) measured worse: the solver then re-decides confident regions from colour alone.
    private const float BaseBand = 3f;
    private const float BandPerModelPixel = 1.5f;
    // Guided-filter window radius relative to the band radius; half the band measured best before the edge gate
    // (0.5: −25.2% band error, 1: −24.2%, 2: −21.0%). With the gate it trades the binary sets against fine hair:
    // 0.35 gives dev band −18.7% at gradient +0.9% and am-gt03 SAD −21.6%, 0.75 −15.8%, −0.9% and −25.4%
    // (docs/tuning.md, "Where the binary edge band is stuck").
    private const float FilterToBandRatio = 0.5f;
    // Foreground estimation windows, relative to the long side (Forte and Pitié use 90 and 6 at ~1 MP).
    private const int LargeForegroundDivisor = 12;
    private const int SmallForegroundDivisor = 200;

    public static RefinementPlan For(RgbaImage image, AlphaMatte coarse, QualityMode mode, RefinementOptions options)
    {
        bool eco = mode == QualityMode.Eco;
        int factor = ReductionFactor(image, MaxWorkingPixels);
        int foregroundFactor = ReductionFactor(image, eco ? MaxForegroundPixelsEco : MaxForegroundPixelsMax);
        float modelPixel = Math.Max((float)image.Width / coarse.Width, (float)image.Height / coarse.Height) / factor;
        int band = Math.Max(1, (int)MathF.Round(options.BandScale * (BaseBand + BandPerModelPixel * modelPixel)));
        int filterRadius = Math.Max(1, (int)MathF.Round(band * FilterToBandRatio));
        int foregroundLongSide = Math.Max(image.Width, image.Height) / foregroundFactor;
        return new RefinementPlan(factor, band, filterRadius, modelPixel, foregroundFactor,
            Math.Max(8, foregroundLongSide / LargeForegroundDivisor), Math.Max(2, foregroundLongSide / SmallForegroundDivisor));
    }

    private static int ReductionFactor(RgbaImage image, double maxPixels) =>
        Math.Max(1, (int)Math.Ceiling(Math.Sqrt((double)image.Width * image.Height / maxPixels)));
}
