using Cutout.Compositing;

namespace Cutout.Core.Tests.Compositing;

public class BackgroundSpecTests
{
    [Theory]
    [InlineData("#FF5733")]
    [InlineData("#ff5733ff")]
    [InlineData("rgb(255, 87, 51)")]
    [InlineData("rgb(255 87 51)")]
    [InlineData("rgba(255,87,51,1)")]
    [InlineData("rgb(100% 34.1% 20%)")]
    public void Colour_syntaxes_give_the_same_channels(string text)
    {
        var solid = Assert.IsType<SolidBackground>(BackgroundSpec.Parse(text));
        Assert.Equal(new RgbColor(255, 87, 51), solid.Color);
        Assert.Equal(1f, solid.Opacity);
    }

    [Fact]
    public void Short_hex_repeats_each_digit_and_carries_alpha()
    {
        Assert.Equal(new SolidBackground(new RgbColor(0xFF, 0x55, 0x33)), BackgroundSpec.Parse("#F53"));
        var withAlpha = Assert.IsType<SolidBackground>(BackgroundSpec.Parse("#F538"));
        Assert.Equal(0x88 / 255f, withAlpha.Opacity, 3);
        Assert.Equal(0.5f, Assert.IsType<SolidBackground>(BackgroundSpec.Parse("rgb(0 0 0 / 50%)")).Opacity, 3);
    }

    [Fact]
    public void All_148_css_colour_names_are_known()
    {
        Assert.Equal(148, CssColorNames.All.Count);
        Assert.Equal(new RgbColor(0x66, 0x33, 0x99), Assert.IsType<SolidBackground>(BackgroundSpec.Parse("RebeccaPurple")).Color);
        Assert.Equal(RgbColor.White, Assert.IsType<SolidBackground>(BackgroundSpec.Parse("white")).Color);
        Assert.Equal(new RgbColor(0x64, 0x95, 0xED), Assert.IsType<SolidBackground>(BackgroundSpec.Parse("cornflowerblue")).Color);
    }

    [Fact]
    public void Transparent_and_none_mean_no_background()
    {
        Assert.IsType<TransparentBackground>(BackgroundSpec.Parse(" transparent "));
        Assert.IsType<TransparentBackground>(BackgroundSpec.Parse("none"));
    }

    [Fact]
    public void Linear_gradient_reads_direction_and_stops()
    {
        var g = Assert.IsType<GradientBackground>(BackgroundSpec.Parse("linear-gradient(to bottom, #001f3f, #87ceeb)"));
        Assert.Equal(GradientShape.Linear, g.Shape);
        Assert.Equal(180f, g.AngleDegrees);
        Assert.Equal([new RgbColor(0x00, 0x1F, 0x3F), new RgbColor(0x87, 0xCE, 0xEB)], g.Stops.Select(s => s.Color));

        var angled = Assert.IsType<GradientBackground>(BackgroundSpec.Parse("linear-gradient(45deg, rgb(255, 0, 0), white 40%, navy)"));
        Assert.Equal(45f, angled.AngleDegrees);
        Assert.Equal(3, angled.Stops.Count);
        Assert.Equal(0.4f, angled.Stops[1].Position);
        Assert.Equal(new RgbColor(255, 0, 0), angled.Stops[0].Color);
    }

    [Fact]
    public void Gradients_may_fade_to_transparent()
    {
        var g = Assert.IsType<GradientBackground>(BackgroundSpec.Parse("linear-gradient(to right, navy, transparent)"));
        Assert.Equal(0f, g.Stops[1].Opacity);
    }

    [Fact]
    public void Radial_gradient_accepts_a_shape_prefix()
    {
        var g = Assert.IsType<GradientBackground>(BackgroundSpec.Parse("radial-gradient(circle, white, #333)"));
        Assert.Equal(GradientShape.Radial, g.Shape);
        Assert.True(g.Circle);
        Assert.Equal(2, g.Stops.Count);
    }

    [Fact]
    public void Blur_takes_an_optional_radius()
    {
        Assert.Equal(new BlurBackground(null), BackgroundSpec.Parse("blur"));
        Assert.Equal(new BlurBackground(12f), BackgroundSpec.Parse("blur(12px)"));
        Assert.Equal(30f, new BlurBackground(null).RadiusFor(2500, 1000));
    }

    [Theory]
    [InlineData("beach sunset", "beach-sunset")]
    [InlineData("Modern Office", "office")]
    [InlineData("studio", "studio")]
    [InlineData("scene:bokeh", "bokeh")]
    [InlineData("blue sky", "sky")]
    public void Everyday_scene_phrases_pick_a_named_scene(string text, string scene)
    {
        var background = Assert.IsType<SceneBackground>(BackgroundSpec.Parse(text));
        Assert.Equal(scene, background.Scene.Name);
        Assert.Contains(scene, background.Describe());
    }

    [Fact]
    public void Image_paths_parse_with_an_optional_fit()
    {
        Assert.Equal(new ImageBackground("photos/beach.jpg", ImageFit.Cover), BackgroundSpec.Parse("photos/beach.jpg"));
        Assert.Equal(new ImageBackground("my room.png", ImageFit.Contain), BackgroundSpec.Parse("url('my room.png') contain"));
        Assert.Equal(new ImageBackground("a.webp", ImageFit.Stretch), BackgroundSpec.Parse("a.webp stretch"));
    }

    [Theory]
    [InlineData("#12345")]
    [InlineData("notacolour")]
    [InlineData("linear-gradient(to bottom, red)")]
    [InlineData("rgb(1, 2)")]
    [InlineData("blur(-3)")]
    [InlineData("")]
    public void Unknown_values_are_rejected_with_a_hint(string text)
    {
        var error = Assert.Throws<CutoutException>(() => BackgroundSpec.Parse(text));
        Assert.Equal(CutoutErrorKind.InvalidOption, error.Kind);
    }

    [Theory]
    [InlineData("transparent")]
    [InlineData("#ff5733")]
    [InlineData("#ff573380")]
    [InlineData("linear-gradient(to right, #001f3f, #87ceeb)")]
    [InlineData("linear-gradient(33deg, #ff0000 10%, #00ff0080 50%, #0000ff)")]
    [InlineData("radial-gradient(circle, #ffffff, #000000)")]
    [InlineData("radial-gradient(#ffffff, #000000)")]
    [InlineData("blur")]
    [InlineData("blur(12.5px)")]
    [InlineData("scene:office")]
    [InlineData("url(\"photos/beach.jpg\") contain")]
    public void Css_text_parses_back_to_the_same_background_and_text(string text)
    {
        var background = BackgroundSpec.Parse(text);
        Assert.Equal(text, background.ToCssText());
        Assert.Equal(background, BackgroundSpec.Parse(background.ToCssText()));
    }

    [Fact]
    public void Css_text_names_a_scene_by_its_canonical_name_whatever_alias_chose_it() =>
        Assert.Equal("scene:beach-sunset", BackgroundSpec.Parse("golden hour").ToCssText());
}
