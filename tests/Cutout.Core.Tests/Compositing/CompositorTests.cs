using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Imaging;
using static Cutout.Core.Tests.Compositing.SyntheticPhoto;

namespace Cutout.Core.Tests.Compositing;

public class CompositorTests
{
    private static CompositionResult Compose(string background, ShadowSpec? shadow = null, LayoutOptions? layout = null, bool castShadow = false, bool checkerboard = false)
    {
        var (original, matte) = Product(castShadow: castShadow, checkerboard: checkerboard);
        return Compositor.Compose(original, matte, new CompositionOptions
        {
            Background = BackgroundSpec.Parse(background),
            Shadow = shadow ?? ShadowSpec.None,
            Layout = layout ?? LayoutOptions.Original,
        });
    }

    [Theory]
    [InlineData("#FF5733", 0xFF, 0x57, 0x33)]
    [InlineData("cornflowerblue", 0x64, 0x95, 0xED)]
    [InlineData("white", 255, 255, 255)]
    public void Solid_background_is_exactly_that_colour_away_from_the_subject(string text, int r, int g, int b)
    {
        var result = Compose(text);
        Assert.True(result.IsOpaque);
        Assert.Null(result.PreferredFormat); // PNG keeps the colour exact
        int exact = 0, checkedPixels = 0;
        for (int y = 0; y < 300; y++)
            for (int x = 0; x < 400; x++)
            {
                if (x >= 145 && x < 255 && y >= 75 && y < 225)
                    continue;
                checkedPixels++;
                if (At(result.Image, x, y) == ((byte)r, (byte)g, (byte)b, (byte)255))
                    exact++;
            }
        Assert.Equal(checkedPixels, exact);
        Assert.Equal((40, 60, 90, 255), ((int, int, int, int))At(result.Image, 200, 150));
    }

    [Fact]
    public void Soft_edges_blend_in_linear_light()
    {
        var (original, matte) = Product(subjectColor: new RgbColor(0, 0, 0));
        var result = Compositor.Compose(original, matte, new CompositionOptions { Background = BackgroundSpec.Parse("white") });
        // Edge pixel x=150 has alpha 0.25 (64/255): 25% black over white in linear light is sRGB ≈ 225, not 191.
        var (r, _, _, a) = At(result.Image, 150, 150);
        Assert.Equal(255, a);
        Assert.InRange(r, 222, 228);
    }

    [Fact]
    public void Linear_gradient_has_its_end_colours_on_the_top_and_bottom_rows()
    {
        var result = Compose("linear-gradient(to bottom, #001f3f, #87ceeb)");
        var top = At(result.Image, 10, 0);
        var bottom = At(result.Image, 10, 299);
        Assert.InRange(top.R, 0, 2);
        Assert.InRange(top.G, 0x1F - 2, 0x1F + 2);
        Assert.InRange(top.B, 0x3F - 2, 0x3F + 2);
        Assert.InRange(bottom.R, 0x87 - 2, 0x87 + 2);
        Assert.InRange(bottom.G, 0xCE - 2, 0xCE + 2);
        Assert.InRange(bottom.B, 0xEB - 2, 0xEB + 2);
    }

    [Fact]
    public void Radial_gradient_runs_from_the_centre_outwards()
    {
        var result = Compose("radial-gradient(circle, white, black)");
        Assert.True(At(result.Image, 0, 0).R < 10);
        Assert.True(At(result.Image, 200, 40).R > At(result.Image, 5, 40).R + 100);
    }

    [Fact]
    public void Blur_keeps_the_subject_sharp_and_blurs_the_background_without_smearing_the_subject()
    {
        var (original, _) = Product(checkerboard: true);
        var result = Compose("blur(12)", checkerboard: true);
        // Subject interior is untouched.
        Assert.Equal((40, 60, 90, 255), ((int, int, int, int))At(result.Image, 160, 100));
        // The checkerboard's contrast (green vs light grey) is gone far from the subject.
        var region = new PixelRect(20, 20, 60, 60);
        Assert.True(StdDevGreen(original, region) > 40);
        Assert.True(StdDevGreen(result.Image, region) < 8, $"background still sharp: {StdDevGreen(result.Image, region):0.0}");
        // Just outside the subject the blur shows background colours, not the subject's dark blue.
        var beside = At(result.Image, 262, 150);
        Assert.True(beside.G > 120, $"subject smeared into the blur: {beside}");
    }

    [Fact]
    public void Keep_shadow_keeps_the_darker_region_under_the_product_and_none_does_not()
    {
        var under = new PixelRect(170, 222, 60, 6);
        var kept = Compose("white", ShadowSpec.Parse("keep"), castShadow: true);
        var none = Compose("white", ShadowSpec.None, castShadow: true);
        Assert.Equal(255, MeanLuma(none.Image, under), 3);
        Assert.True(MeanLuma(kept.Image, under) < 200, $"kept shadow too light: {MeanLuma(kept.Image, under):0}");
        // Far from the subject the background stays pure white.
        Assert.Equal((255, 255, 255, 255), ((int, int, int, int))At(kept.Image, 20, 280));
        Assert.Equal((255, 255, 255, 255), ((int, int, int, int))At(kept.Image, 380, 20));
    }

    [Fact]
    public void Keep_shadow_finds_nothing_when_the_photo_has_no_shadow()
    {
        var kept = Compose("white", ShadowSpec.Parse("keep"), castShadow: false);
        Assert.True(MeanLuma(kept.Image, new PixelRect(170, 222, 60, 6)) > 250);
    }

    [Fact]
    public void Drop_shadow_falls_below_the_subject_and_contact_shadow_sits_at_its_base()
    {
        var drop = Compose("white", ShadowSpec.Parse("drop") with { Offset = (10, 15), BlurRadius = 4, Opacity = 0.5f });
        Assert.True(MeanLuma(drop.Image, new PixelRect(170, 222, 60, 8)) < 200);
        Assert.Equal(255, MeanLuma(drop.Image, new PixelRect(170, 60, 60, 15)), 1);

        var contact = Compose("white", ShadowSpec.Parse("contact"));
        Assert.True(MeanLuma(contact.Image, new PixelRect(170, 220, 60, 3)) < 235);
        Assert.Equal(255, MeanLuma(contact.Image, new PixelRect(150, 20, 100, 20)), 1);
    }

    [Fact]
    public void Shadow_on_a_transparent_background_is_a_semi_transparent_dark_layer()
    {
        var result = Compose("transparent", ShadowSpec.Parse("contact"));
        Assert.False(result.IsOpaque);
        var (r, _, _, a) = At(result.Image, 200, 220);
        Assert.InRange(a, 40, 230);
        Assert.Equal(0, r);
        Assert.Equal(0, At(result.Image, 10, 10).A);
    }

    [Fact]
    public void Scenes_render_with_detail_at_any_size_and_say_which_scene_was_used()
    {
        foreach (var scene in SceneLibrary.All)
            foreach (var (w, h) in new[] { (64, 48), (900, 600) })
            {
                var image = scene.Render(w, h);
                Assert.Equal(w * h * 4, image.Pixels.Length);
                Assert.True(StdDevGreen(image, new PixelRect(0, 0, w, h)) > 5, $"{scene.Name} at {w}x{h} is flat");
            }
        var result = Compose("beach sunset");
        Assert.Equal(OutputFormat.Jpeg, result.PreferredFormat);
        Assert.Equal("beach-sunset", result.Scene?.Name);
        Assert.StartsWith("scene: beach-sunset", result.BackgroundDescription);
    }

    [Fact]
    public void Image_background_covers_the_canvas()
    {
        var path = Path.Combine(Path.GetTempPath(), $"cutout-bg-{Guid.NewGuid():N}.png");
        var picture = new RgbaImage(50, 100);
        for (int i = 0; i < picture.PixelCount; i++)
            (picture.Pixels[i * 4], picture.Pixels[i * 4 + 3]) = (200, 255);
        File.WriteAllBytes(path, ImageEncoder.Encode(picture, OutputFormat.Png));
        try
        {
            var result = Compose(path);
            Assert.True(result.IsOpaque);
            Assert.Equal((200, 0, 0, 255), ((int, int, int, int))At(result.Image, 0, 0));
            Assert.Equal((200, 0, 0, 255), ((int, int, int, int))At(result.Image, 399, 299));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Harmonised_light_tints_the_subject_towards_a_warm_scene()
    {
        var (original, matte) = Product(subjectColor: new RgbColor(128, 128, 128));
        var plain = Compositor.Compose(original, matte, new CompositionOptions { Background = BackgroundSpec.Parse("beach sunset") });
        var harmonised = Compositor.Compose(original, matte, new CompositionOptions { Background = BackgroundSpec.Parse("beach sunset"), HarmonizeLight = true });
        var before = At(plain.Image, 200, 150);
        var after = At(harmonised.Image, 200, 150);
        Assert.Equal((128, 128, 128), (before.R, before.G, before.B));
        Assert.True(after.R > after.B + 5, $"not warmer: {after}");
    }

    [Fact]
    public void Circle_crop_clears_the_corners()
    {
        var (original, matte) = Product();
        var result = Compositor.Compose(original, matte, new CompositionOptions { Background = BackgroundSpec.Parse("white"), CircleCrop = true });
        Assert.False(result.IsOpaque);
        Assert.Equal(0, At(result.Image, 0, 0).A);
        Assert.Equal(255, At(result.Image, 200, 150).A);
        Assert.Null(result.PreferredFormat);
    }

    private static double StdDevGreen(RgbaImage image, PixelRect region)
    {
        double sum = 0, sq = 0;
        int n = region.Width * region.Height;
        for (int y = region.Y; y < region.Bottom; y++)
            for (int x = region.X; x < region.Right; x++)
            {
                double g = At(image, x, y).G;
                sum += g;
                sq += g * g;
            }
        double mean = sum / n;
        return Math.Sqrt(Math.Max(0, sq / n - mean * mean));
    }
}
