using Cutout.Advanced;
using Cutout.Compositing;
using static Cutout.Core.Tests.Compositing.SyntheticPhoto;

namespace Cutout.Core.Tests.Compositing;

public class LayoutTests
{
    private static CompositionResult Lay(LayoutOptions layout, string background = "transparent")
    {
        var (original, matte) = Product();
        return Compositor.Compose(original, matte, new CompositionOptions { Background = BackgroundSpec.Parse(background), Layout = layout });
    }

    [Fact]
    public void Original_layout_keeps_the_photo_frame()
    {
        var result = Lay(LayoutOptions.Original);
        Assert.Equal((400, 300), (result.Image.Width, result.Image.Height));
        Assert.Equal(new PixelRect(150, 80, 100, 140), result.SubjectBounds);
    }

    [Fact]
    public void Trim_crops_to_the_subject_box_ignoring_faint_noise_and_specks()
    {
        var (original, matte) = Product();
        matte.Alpha[5, 5] = 0.1f;          // faint haze
        matte.Alpha[390, 290] = 1f;       // a lone speck
        var result = Compositor.Compose(original, matte, new CompositionOptions { Layout = new LayoutOptions { Trim = true } });
        Assert.Equal((100, 140), (result.Image.Width, result.Image.Height));
        Assert.Equal(255, At(result.Image, 50, 70).A);
        Assert.Equal(new PixelRect(150, 80, 100, 140), SubjectBounds.Find(matte.Alpha));
    }

    [Fact]
    public void Margin_in_pixels_and_percent_adds_that_much_space()
    {
        var px = Lay(new LayoutOptions { Trim = true, Margin = LayoutOptions.ParseMargin("20px") });
        Assert.Equal((140, 180), (px.Image.Width, px.Image.Height));
        Assert.Equal(0, At(px.Image, 19, 90).A);
        Assert.Equal(255, At(px.Image, 25, 90).A);

        var percent = Lay(new LayoutOptions { Trim = true, Margin = LayoutOptions.ParseMargin("10%") });
        Assert.Equal((128, 168), (percent.Image.Width, percent.Image.Height));
    }

    [Fact]
    public void Aspect_one_to_one_makes_a_square_with_the_subject_centred()
    {
        var result = Lay(new LayoutOptions { Trim = true, Aspect = LayoutOptions.ParseAspect("1:1") }, "white");
        Assert.Equal((140, 140), (result.Image.Width, result.Image.Height));
        Assert.Equal(new PixelRect(20, 0, 100, 140), result.SubjectBounds);
        Assert.Equal((255, 255, 255, 255), ((int, int, int, int))At(result.Image, 5, 70));
    }

    [Fact]
    public void Canvas_with_fill_scales_the_subject_and_position_bottom_puts_it_on_the_floor()
    {
        var result = Lay(new LayoutOptions { Canvas = LayoutOptions.ParseCanvas("200x200"), Fill = 0.5f, Position = LayoutOptions.ParsePosition("bottom") });
        Assert.Equal((200, 200), (result.Image.Width, result.Image.Height));
        // Longest side 140 → 100 px (50% of 200), so scale 100/140.
        Assert.Equal(100, result.SubjectBounds.Height);
        Assert.Equal(200, result.SubjectBounds.Bottom);
        Assert.Equal(100f, result.SubjectBounds.CenterX, 1f);
    }

    [Fact]
    public void Upscaling_is_refused_unless_allowed()
    {
        var refused = Lay(new LayoutOptions { Canvas = (1000, 1000), Fill = 0.85f });
        Assert.Equal((1000, 1000), (refused.Image.Width, refused.Image.Height));
        Assert.Equal(140, refused.SubjectBounds.Height);

        var allowed = Lay(new LayoutOptions { Canvas = (1000, 1000), Fill = 0.85f, AllowUpscale = true });
        Assert.Equal(850, allowed.SubjectBounds.Height);
    }

    [Fact]
    public void A_canvas_with_a_minimum_shrinks_instead_of_upscaling()
    {
        var result = Lay(new LayoutOptions { Canvas = (1000, 1000), Fill = 0.7f, MinCanvasSide = 100 });
        Assert.Equal((200, 200), (result.Image.Width, result.Image.Height));
        Assert.Equal(140, result.SubjectBounds.Height);
    }

    [Fact]
    public void Max_size_caps_the_longest_side()
    {
        var result = Lay(new LayoutOptions { MaxSize = 200 });
        Assert.Equal((200, 150), (result.Image.Width, result.Image.Height));
    }

    [Fact]
    public void Head_and_shoulders_framing_finds_the_neck_from_the_silhouette()
    {
        var (_, matte) = Person();
        var subject = SubjectBounds.Find(matte.Alpha);
        var frame = PortraitFraming.Frame(matte.Alpha, subject);
        // Head: rows 100..220, neck 210..250, shoulders from 250 to the bottom at 900.
        Assert.Equal(frame.Width, frame.Height);
        Assert.InRange(frame.Y, 20, 99);                 // headroom above the crown
        Assert.InRange(frame.Bottom, 330, 520);          // upper chest, far above the bottom of the body
        Assert.Equal(300f, frame.CenterX, 2f);
    }

    [Fact]
    public void Head_and_shoulders_framing_of_a_photo_cut_at_the_chest_ends_at_the_body()
    {
        var (_, matte) = Person(600, 330);
        var subject = SubjectBounds.Find(matte.Alpha);
        var frame = PortraitFraming.Frame(matte.Alpha, subject);
        Assert.Equal(330, subject.Bottom);
        Assert.Equal(330, frame.Bottom);
        Assert.InRange(frame.Y, 20, 99);
        Assert.Equal(frame.Width, frame.Height);
    }

    [Fact]
    public void Head_and_shoulders_layout_puts_the_head_in_the_upper_part_of_a_square()
    {
        var (original, matte) = Person();
        var result = Compositor.Compose(original, matte, new CompositionOptions
        {
            Layout = new LayoutOptions { Canvas = (256, 256), Framing = LayoutOptions.ParseFraming("head-and-shoulders"), Fill = 1f },
        });
        Assert.Equal((256, 256), (result.Image.Width, result.Image.Height));
        Assert.Equal(0, At(result.Image, 128, 10).A);     // headroom
        Assert.Equal(255, At(result.Image, 128, 84).A);   // head
        Assert.Equal(0, At(result.Image, 30, 84).A);      // beside the head
        Assert.Equal(255, At(result.Image, 30, 250).A);   // shoulders reach wide at the bottom
    }

    [Theory]
    [InlineData("2000x1600", 2000, 1600)]
    [InlineData("1024", 1024, 1024)]
    [InlineData("800×600", 800, 600)]
    public void Canvas_sizes_parse(string text, int w, int h) => Assert.Equal((w, h), LayoutOptions.ParseCanvas(text));

    [Fact]
    public void Bad_layout_values_are_rejected()
    {
        Assert.Throws<CutoutException>(() => LayoutOptions.ParseCanvas("big"));
        Assert.Throws<CutoutException>(() => LayoutOptions.ParseAspect("0:1"));
        Assert.Throws<CutoutException>(() => LayoutOptions.ParseMargin("-4px"));
        Assert.Throws<CutoutException>(() => LayoutOptions.ParsePosition("middle-earth"));
        Assert.Throws<CutoutException>(() => ShadowSpec.Parse("huge"));
        Assert.Throws<CutoutException>(() => LayoutOptions.ParseFill("120%"));
        Assert.Equal(0.85f, LayoutOptions.ParseFill("85%"), 3);
        Assert.Equal((8f, 12f), ShadowSpec.ParseOffset("8,12"));
        Assert.Equal(0.4f, ShadowSpec.ParseOpacity("40%"), 3);
    }

    [Theory]
    [InlineData("1:1", "1:1")]
    [InlineData("4:5", "4:5")]
    [InlineData("16:9", "16:9")]
    [InlineData("21:9", "7:3")]
    [InlineData("1.5", "3:2")]
    [InlineData("1.618", "1.618")]
    public void An_aspect_ratio_formats_in_lowest_terms_as_text_that_parses_back_to_it(string text, string formatted)
    {
        float ratio = LayoutOptions.ParseAspect(text);
        Assert.Equal(formatted, LayoutOptions.FormatAspect(ratio));
        Assert.Equal(ratio, LayoutOptions.ParseAspect(formatted), 4);
    }
}
