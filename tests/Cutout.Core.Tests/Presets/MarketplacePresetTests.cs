using Cutout.Advanced;
using Cutout.Compositing;
using Cutout.Imaging;
using Cutout.Presets;
using static Cutout.Core.Tests.Compositing.SyntheticPhoto;

namespace Cutout.Core.Tests.Presets;

public class MarketplacePresetTests
{
    /// <summary>What the Remover does after matting: compose, encode as the preset asks, decode, verify.</summary>
    private static (RgbaImage Decoded, OutputFormat Format, PresetReport Report) Render(MarketplacePreset preset, CompositionOptions? caller = null, int photoWidth = 2400, int photoHeight = 1800, PixelRect? subject = null)
    {
        var (original, matte) = Product(photoWidth, photoHeight, subject ?? new PixelRect(900, 400, 700, 1200), new RgbColor(180, 40, 40), castShadow: true);
        var composed = Compositor.Compose(original, matte, preset.Apply(caller ?? CompositionOptions.Transparent));
        var format = composed.PreferredFormat ?? OutputFormat.Png;
        var bytes = ImageEncoder.Encode(composed.Image, format, composed.MinimumQuality ?? 92, subsampleChroma: false);
        return (ImageDecoder.Decode(bytes).Image, format, preset.VerifyEncoded(bytes, format, composed.SubjectBounds, composed.SubjectFootprint));
    }

    [Fact]
    public void Amazon_gives_a_square_white_jpeg_with_the_product_at_85_percent_centred()
    {
        var (image, format, report) = Render(MarketplacePresets.Amazon, subject: new PixelRect(900, 250, 700, 1700), photoHeight: 2200);
        Assert.Equal(OutputFormat.Jpeg, format);
        Assert.Equal((2000, 2000), (image.Width, image.Height));
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Rule}: {c.Actual}")));
        Assert.Contains(report.Checks, c => c.Rule == "background");
        Assert.Contains(report.Checks, c => c.Rule == "fill");

        // Independently of Verify: the decoded border is pure white and the subject is 85% tall, centred.
        for (int i = 0; i < 2000; i++)
        {
            Assert.Equal((255, 255, 255), Rgb(image, i, 0));
            Assert.Equal((255, 255, 255), Rgb(image, i, 1999));
            Assert.Equal((255, 255, 255), Rgb(image, 0, i));
            Assert.Equal((255, 255, 255), Rgb(image, 1999, i));
        }
        int top = Enumerable.Range(0, 2000).First(y => At(image, 1000, y).G < 128);
        int bottom = Enumerable.Range(0, 2000).Last(y => At(image, 1000, y).G < 128);
        Assert.InRange(bottom - top + 1, 1640, 1760);
        Assert.InRange((top + bottom) / 2, 980, 1020);
    }

    [Fact]
    public void Amazon_overrides_a_caller_background_with_pure_white()
    {
        var (image, _, report) = Render(MarketplacePresets.Amazon, new CompositionOptions { Background = BackgroundSpec.Parse("#FF5733") });
        Assert.Equal((255, 255, 255), Rgb(image, 10, 10));
        Assert.True(report.Passed);
    }

    [Fact]
    public void Matting_specks_far_from_the_product_do_not_dot_the_white_background()
    {
        var (original, matte) = Product(1200, 1000, new PixelRect(400, 200, 400, 600));
        for (int y = 20; y < 23; y++)
            for (int x = 20; x < 23; x++)
                matte.Alpha[x, y] = 1f;
        var composed = Compositor.Compose(original, matte, MarketplacePresets.Amazon.Apply(new CompositionOptions { Layout = new LayoutOptions { AllowUpscale = true } }));
        // The speck is cleared, so everything the subject touches lies within a few pixels of its box.
        Assert.InRange(composed.SubjectFootprint.X, composed.SubjectBounds.X - 10, composed.SubjectBounds.X);
        Assert.InRange(composed.SubjectFootprint.Y, composed.SubjectBounds.Y - 10, composed.SubjectBounds.Y);
        var bytes = ImageEncoder.Encode(composed.Image, OutputFormat.Jpeg, 95, subsampleChroma: false);
        var report = MarketplacePresets.Amazon.VerifyEncoded(bytes, OutputFormat.Jpeg, composed.SubjectBounds, composed.SubjectFootprint);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Rule}: {c.Actual}")));
    }

    [Fact]
    public void A_grey_background_fails_the_white_rule_and_says_where()
    {
        var grey = new RgbaImage(1200, 1200);
        for (int i = 0; i < grey.PixelCount; i++)
            (grey.Pixels[i * 4], grey.Pixels[i * 4 + 1], grey.Pixels[i * 4 + 2], grey.Pixels[i * 4 + 3]) = (250, 250, 250, 255);
        var report = MarketplacePresets.Amazon.Verify(grey, OutputFormat.Png, new PixelRect(100, 100, 1000, 1000), new PixelRect(100, 100, 1000, 1000));
        Assert.False(report.Passed);
        var background = Assert.Single(report.Checks, c => c.Rule == "background");
        Assert.False(background.Passed);
        Assert.Contains("#FAFAFA", background.Actual);
        Assert.False(Assert.Single(report.Checks, c => c.Rule == "format").Passed);
    }

    [Fact]
    public void A_small_photo_is_enlarged_to_the_preset_size_so_its_fill_rule_holds()
    {
        var (original, matte) = Product(600, 500, new PixelRect(200, 100, 200, 300));
        var composed = Compositor.Compose(original, matte, MarketplacePresets.Amazon.Apply(CompositionOptions.Transparent));
        Assert.Equal((2000, 2000), (composed.Image.Width, composed.Image.Height));
        Assert.Equal(1700, composed.SubjectBounds.Height);
        var report = MarketplacePresets.Amazon.Verify(composed.Image, OutputFormat.Jpeg, composed.SubjectBounds, composed.SubjectFootprint);
        Assert.True(Assert.Single(report.Checks, c => c.Rule == "fill").Passed);
    }

    [Fact]
    public void Other_presets_meet_their_own_rules()
    {
        foreach (var preset in new[] { MarketplacePresets.Shopify, MarketplacePresets.Ebay })
        {
            var (image, _, report) = Render(preset);
            Assert.True(report.Passed, $"{preset.Name}: " + string.Join("; ", report.Checks.Select(c => $"{c.Rule}: {c.Actual}")));
            Assert.Equal(image.Width, image.Height);
        }
        var (etsy, etsyFormat, etsyReport) = Render(MarketplacePresets.Etsy, new CompositionOptions { Background = BackgroundSpec.Parse("studio") });
        Assert.Equal((2000, 2000), (etsy.Width, etsy.Height));
        Assert.Equal(OutputFormat.Jpeg, etsyFormat);
        Assert.True(etsyReport.Passed);
    }

    [Fact]
    public void Linkedin_frames_head_and_shoulders_on_a_centred_square()
    {
        var (original, matte) = Person(1200, 1800);
        var composed = Compositor.Compose(original, matte, MarketplacePresets.LinkedIn.Apply(new CompositionOptions { Background = BackgroundSpec.Parse("#dde6ee") }));
        Assert.Equal(composed.Image.Width, composed.Image.Height);
        Assert.InRange(composed.Image.Width, 400, 1024);
        var report = MarketplacePresets.LinkedIn.Verify(composed.Image, OutputFormat.Jpeg, composed.SubjectBounds, composed.SubjectFootprint);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Rule}: {c.Actual}")));
    }

    [Fact]
    public void Linkedin_centres_a_person_leaning_to_one_side_by_the_head()
    {
        var (original, matte) = Person(1200, 1800, bodyShift: 260);
        var composed = Compositor.Compose(original, matte, MarketplacePresets.LinkedIn.Apply(new CompositionOptions { Background = BackgroundSpec.Parse("#dde6ee") }));

        var report = MarketplacePresets.LinkedIn.Verify(composed.Image, OutputFormat.Png, composed.SubjectBounds, composed.SubjectFootprint);
        Assert.True(report.Passed, string.Join("; ", report.Checks.Select(c => $"{c.Rule}: {c.Actual}")));
        // Measured on the pixels: the skin-coloured run across the head's middle row sits in the middle of the picture.
        int headRow = composed.SubjectBounds.Y + composed.SubjectBounds.Height / 2;
        var skin = Enumerable.Range(0, composed.Image.Width).Where(x => At(composed.Image, x, headRow).R > 180 && At(composed.Image, x, headRow).B < 160).ToList();
        Assert.NotEmpty(skin);
        Assert.InRange((skin[0] + skin[^1]) / 2f / composed.Image.Width, 0.48f, 0.52f);
    }

    [Theory]
    [InlineData("amazon", "amazon")]
    [InlineData("Amazon Main", "amazon")]
    [InlineData("passport", "passport-white")]
    [InlineData("LinkedIn", "linkedin")]
    public void Presets_are_found_by_name_or_alias(string text, string name) => Assert.Equal(name, MarketplacePresets.Find(text)?.Name);

    [Fact]
    public void Every_preset_names_its_source_and_unknown_names_fail_with_the_list()
    {
        Assert.All(MarketplacePresets.All, p => Assert.Contains("http", p.Source));
        Assert.Null(MarketplacePresets.Find("myspace"));
        var error = Assert.Throws<CutoutException>(() => MarketplacePresets.Get("myspace"));
        Assert.Contains("amazon", error.Message);
    }

    private static (int, int, int) Rgb(RgbaImage image, int x, int y)
    {
        var (r, g, b, _) = At(image, x, y);
        return (r, g, b);
    }
}
