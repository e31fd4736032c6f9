using Cutout.Advanced;
using Cutout.Matting;

namespace Cutout.Core.Tests.Matting;

public sealed class ForegroundEstimatorTests
{
    [Fact]
    public void With_the_true_alpha_a_soft_rim_recovers_the_subjects_colour_from_a_contrasting_background()
    {
        // Orange disc with an 8 px soft rim composited over blue.
        const int size = 200;
        byte[] orange = [240, 140, 20], blue = [20, 40, 230];
        var alpha = new AlphaMatte(size, size);
        var photo = new RgbaImage(size, size);
        for (int y = 0; y < size; y++)
            for (int x = 0; x < size; x++)
            {
                float distance = MathF.Sqrt((x - 100) * (x - 100) + (y - 100) * (y - 100));
                float a = Math.Clamp((60f - distance) / 8f + 0.5f, 0f, 1f);
                alpha[x, y] = a;
                int i = (y * size + x) * 4;
                for (int c = 0; c < 3; c++)
                    photo.Pixels[i + c] = (byte)(a * orange[c] + (1 - a) * blue[c] + 0.5f);
                photo.Pixels[i + 3] = 255;
            }

        var plan = RefinementPlan.For(photo, new AlphaMatte(64, 64), QualityMode.Max, RefinementOptions.Default);
        var cutout = ForegroundEstimator.Estimate(photo, alpha, plan);

        double photoError = 0, estimateError = 0;
        int rim = 0;
        for (int i = 0; i < alpha.Values.Length; i++)
        {
            if (alpha.Values[i] is <= 0.1f or >= 0.9f)
                continue;
            rim++;
            for (int c = 0; c < 3; c++)
            {
                photoError += Math.Abs(photo.Pixels[i * 4 + c] - orange[c]);
                estimateError += Math.Abs(cutout.Pixels[i * 4 + c] - orange[c]);
            }
        }
        // Per channel, in 0..255: the photo's rim is far from orange, the estimate close to it.
        Assert.True(photoError / (3 * rim) > 50, $"photo rim error {photoError / (3 * rim):F1}");
        Assert.True(estimateError / (3 * rim) < 15, $"estimated rim error {estimateError / (3 * rim):F1}");
    }
}
