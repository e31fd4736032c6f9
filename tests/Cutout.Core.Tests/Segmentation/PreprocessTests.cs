using Cutout.Advanced;
using Cutout.Segmentation;

namespace Cutout.Core.Tests.Segmentation;

/// <summary>What the model is shown: the photo stretched to its square input, normalised.</summary>
public sealed class PreprocessTests
{
    private const int Size = 1024; // ModelCatalog.IsNetFp16
    private const int MiddleRow = Size / 2 * Size;
    private static float IsNetValue(byte channel) => (channel - 128f) / 256f;
    private static float[] ModelInput(RgbaImage photo) => ImageSegmenter.Preprocess(photo, ModelCatalog.IsNetFp16).Buffer.ToArray();

    private static RgbaImage Split(int width, int height, int splitX, byte[] left, byte[] right)
    {
        var image = new RgbaImage(width, height);
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++)
            {
                var colour = x < splitX ? left : right;
                int i = (y * width + x) * 4;
                (image.Pixels[i], image.Pixels[i + 1], image.Pixels[i + 2], image.Pixels[i + 3]) = (colour[0], colour[1], colour[2], colour[3]);
            }
        return image;
    }

    [Fact]
    public void A_large_photo_reaches_the_model_without_shifting_its_edges()
    {
        // 3001 px wide: reduced by whole factors with a partial last block before the final resize.
        var photo = Split(3001, 2003, 1500, [200, 30, 40, 255], [20, 40, 220, 255]);
        var input = ModelInput(photo);
        const int row = MiddleRow;
        // The edge sits at 1500/3001 of the width: model column 511.8.
        Assert.Equal(IsNetValue(200), input[row + 505], 3);
        Assert.Equal(IsNetValue(20), input[row + 518], 3);
        int lastRed = Enumerable.Range(0, Size).Last(x => input[row + x] > (IsNetValue(200) + IsNetValue(20)) / 2);
        Assert.InRange(lastRed, 510, 513);
        // Blue plane, right edge column: pure blue, not a blend with a dropped or phantom border.
        Assert.Equal(IsNetValue(220), input[2 * Size * Size + row + Size - 1], 3);
    }

    [Fact]
    public void Transparent_pixels_reach_the_model_as_white()
    {
        var photo = Split(2400, 1600, 1200, [0, 0, 0, 0], [0, 0, 0, 255]);
        var input = ModelInput(photo);
        const int row = MiddleRow;
        Assert.Equal(IsNetValue(255), input[row + 100], 3);
        Assert.Equal(IsNetValue(0), input[row + Size - 100], 3);
    }
}
