using Cutout.Advanced;
using Cutout.Tests;
using Cutout.Evaluation;
using Cutout.Compositing;

namespace Cutout.Core.Tests.Compositing;

/// <summary>The kept shadow on a real photo (DAVIS car-shadow, ground-truth mask as the matte; see tests/data/real).</summary>
public class RealPhotoShadowTests
{
    [PhotoFact]
    public void Kept_shadow_of_a_real_car_darkens_the_ground_between_its_wheels_and_none_leaves_it_white()
    {
        var (photo, matte) = Load("davis-car-shadow");
        var car = SubjectBounds.Find(matte.Alpha);
        var kept = Compositor.Compose(photo, matte, new CompositionOptions { Background = BackgroundSpec.Parse("white"), Shadow = ShadowSpec.Parse("keep") });
        var none = Compositor.Compose(photo, matte, new CompositionOptions { Background = BackgroundSpec.Parse("white") });

        // Measured: between the wheels 161 with keep vs 255 without; 30 px below the car both are pure white.
        var betweenWheels = (car.Bottom - 12, car.Bottom - 2);
        Assert.Equal(255, MeanGreenOfBackground(none.Image, matte.Alpha, car, betweenWheels), 1);
        Assert.InRange(MeanGreenOfBackground(kept.Image, matte.Alpha, car, betweenWheels), 100, 220);
        Assert.Equal(255, MeanGreenOfBackground(kept.Image, matte.Alpha, car, (car.Bottom + 30, car.Bottom + 40)), 1);
        Assert.Equal((255, 255, 255), (kept.Image.Pixels[0], kept.Image.Pixels[1], kept.Image.Pixels[2]));
    }

    private static double MeanGreenOfBackground(RgbaImage image, AlphaMatte alpha, PixelRect car, (int From, int To) rows)
    {
        double sum = 0;
        int count = 0;
        for (int y = rows.From; y < rows.To; y++)
            for (int x = car.X + car.Width / 10; x < car.Right - car.Width / 10; x++)
                if (alpha[x, y] <= 0.01f)
                {
                    sum += image.Pixels[(y * image.Width + x) * 4 + 1];
                    count++;
                }
        return sum / count;
    }

    private static (RgbaImage Photo, RefinedMatte Matte) Load(string name)
    {
        var photo = PhotoSet.Real.Load(name);
        return (photo.Image, new RefinedMatte(photo.Truth.Alpha, photo.Image.Clone()));
    }
}
