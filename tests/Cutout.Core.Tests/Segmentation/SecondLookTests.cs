using Cutout.Advanced;
using Cutout.Segmentation;

namespace Cutout.Core.Tests.Segmentation;

/// <summary>Max's second, letterboxed look at photos the model was unsure of (see <see cref="SecondLook"/>).</summary>
public sealed class SecondLookTests
{
    /// <summary>A 100x100 alpha: <paramref name="weak"/> pixels at 0.3, the rest split between 0 and 1.</summary>
    private static AlphaMatte WithWeakPixels(int weak)
    {
        var alpha = new AlphaMatte(100, 100);
        for (int i = 0; i < alpha.Values.Length; i++)
            alpha.Values[i] = i < weak ? 0.3f : i % 2;
        return alpha;
    }

    [Fact]
    public void A_confident_first_pass_gets_no_second_look()
    {
        Assert.False(SecondLook.IsUnsure(WithWeakPixels(400)));
        Assert.True(SecondLook.IsUnsure(WithWeakPixels(500)));
    }

    [Fact]
    public void A_clearly_surer_letterboxed_alpha_replaces_the_first()
    {
        var clearlySurer = WithWeakPixels(900);
        Assert.Same(clearlySurer, SecondLook.Combine(WithWeakPixels(2000), clearlySurer));
    }

    [Fact]
    public void Two_views_that_are_equally_unsure_are_averaged_at_the_first_views_size()
    {
        var first = WithWeakPixels(2000);
        // A letterboxed alpha of another shape, weak everywhere: no surer than the first.
        var letterboxed = new AlphaMatte(100, 50);
        letterboxed.Values.AsSpan().Fill(0.3f);
        var combined = SecondLook.Combine(first, letterboxed);
        Assert.Equal((100, 100), (combined.Width, combined.Height));
        Assert.Equal(0.3f, combined.Values[10], 4);
        Assert.Equal(0.15f, combined.Values[5000], 4);
        Assert.Equal(0.65f, combined.Values[5001], 4);
    }

    [Theory]
    [InlineData(800, 497, 0, 194, 1024, 636)]
    [InlineData(640, 800, 102, 0, 819, 1024)]
    [InlineData(513, 513, 0, 0, 1024, 1024)]
    public void A_letterboxed_photo_keeps_its_aspect_centred_in_the_square(int width, int height, int left, int top, int frameWidth, int frameHeight) =>
        Assert.Equal(new InputFrame(left, top, frameWidth, frameHeight), InputFrame.Letterboxed(width, height, 1024));

    [Fact]
    public void The_letterbox_is_mid_grey_and_the_photo_fills_its_frame()
    {
        var photo = new RgbaImage(800, 400);
        photo.Pixels.AsSpan().Fill(255);
        var frame = InputFrame.Letterboxed(photo.Width, photo.Height, 1024);
        var input = ImageSegmenter.Preprocess(photo, ModelCatalog.IsNetFp16, frame).Buffer.Span;
        float white = (255f - 128f) / 256f;
        Assert.Equal(0f, input[10 * 1024 + 512], 3);
        Assert.Equal(white, input[(frame.Top + 1) * 1024 + 512], 3);
        Assert.Equal(white, input[(frame.Top + frame.Height - 1) * 1024 + 1023], 3);
        Assert.Equal(0f, input[(frame.Top + frame.Height) * 1024 + 512], 3);
    }
}
