using System.Net;
using System.Text.Json;
using SkiaSharp;

namespace Cutout.Server.Tests;

/// <summary>A result downloaded the way a client does it: the URL from the event, a plain HTTP GET, no key.</summary>
internal sealed class ResultImage
{
    private ResultImage(string contentType, SKBitmap bitmap)
    {
        ContentType = contentType;
        Bitmap = bitmap;
    }

    public string ContentType { get; }
    public SKBitmap Bitmap { get; }
    public int Width => Bitmap.Width;
    public int Height => Bitmap.Height;

    public static async Task<ResultImage> DownloadAsync(JsonElement generation)
    {
        using var anonymous = new HttpClient();
        using var response = await anonymous.GetAsync(generation.GetProperty("url").GetString());
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var bitmap = SKBitmap.Decode(bytes);
        var metadata = generation.GetProperty("metadata");
        Assert.Equal(metadata.GetProperty("width").GetInt32(), bitmap.Width);
        Assert.Equal(metadata.GetProperty("height").GetInt32(), bitmap.Height);
        Assert.Equal("image/" + metadata.GetProperty("format").GetString(), response.Content.Headers.ContentType!.MediaType);
        return new ResultImage(response.Content.Headers.ContentType!.MediaType!, bitmap);
    }

    public SKColor Pixel(int x, int y) => Bitmap.GetPixel(x, y);

    /// <summary>Intersection over union of alpha ≥ 0.5 with a ground-truth mask (255 = subject; 128 = don't care).</summary>
    public double MaskIoU(string groundTruthFile)
    {
        using var truth = SKBitmap.Decode(TestData.Photo(groundTruthFile));
        Assert.Equal((truth.Width, truth.Height), (Width, Height));
        long both = 0, either = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
            {
                byte t = truth.GetPixel(x, y).Red;
                if (t == 128)
                    continue;
                bool expected = t > 128, actual = Pixel(x, y).Alpha >= 128;
                both += expected && actual ? 1 : 0;
                either += expected || actual ? 1 : 0;
            }
        return (double)both / either;
    }

    /// <summary>Share of pixels that are fully transparent.</summary>
    public double TransparentShare() => Share(alpha => alpha == 0);

    /// <summary>Share of pixels that are partly transparent: soft edges, hair, translucent parts.</summary>
    public double SemiTransparentShare() => Share(alpha => alpha is > 0 and < 255);

    private double Share(Func<byte, bool> counts)
    {
        long counted = 0;
        for (int y = 0; y < Height; y++)
            for (int x = 0; x < Width; x++)
                counted += counts(Pixel(x, y).Alpha) ? 1 : 0;
        return (double)counted / (Width * Height);
    }
}
