using SkiaSharp;

namespace Cutout.Web.Tests;

/// <summary>
/// A product photo drawn here (a teal mug on a warm studio backdrop with its shadow), so that pictures of the
/// page, such as the README's, show no dataset photo.
/// </summary>
internal static class SyntheticProduct
{
    public const int Width = 900;
    public const int Height = 700;

    /// <summary>A plain backdrop of one colour, as a PNG.</summary>
    public static byte[] PlainPng(SKColor colour, int width = 320, int height = 240)
    {
        using var bitmap = new SKBitmap(width, height);
        bitmap.Erase(colour);
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    public static byte[] MugJpeg()
    {
        using var surface = SKSurface.Create(new SKImageInfo(Width, Height));
        var canvas = surface.Canvas;
        using (var backdrop = new SKPaint())
        {
            backdrop.Shader = SKShader.CreateLinearGradient(new SKPoint(0, 0), new SKPoint(0, Height),
                [new SKColor(0xf4, 0xee, 0xe4), new SKColor(0xd9, 0xc8, 0xb0)], SKShaderTileMode.Clamp);
            canvas.DrawRect(0, 0, Width, Height, backdrop);
        }
        using (var shadow = new SKPaint { Color = new SKColor(0x40, 0x30, 0x20, 0x70), IsAntialias = true })
        {
            shadow.MaskFilter = SKMaskFilter.CreateBlur(SKBlurStyle.Normal, 14);
            canvas.DrawOval(new SKRect(300, 545, 620, 600), shadow);
        }
        using (var handle = new SKPaint { Color = new SKColor(0x0f, 0x6b, 0x6b), IsAntialias = true, Style = SKPaintStyle.Stroke, StrokeWidth = 34 })
            canvas.DrawOval(new SKRect(520, 270, 660, 450), handle);
        using (var body = new SKPaint { IsAntialias = true })
        {
            body.Shader = SKShader.CreateLinearGradient(new SKPoint(300, 0), new SKPoint(580, 0),
                [new SKColor(0x0b, 0x55, 0x55), new SKColor(0x2a, 0xa8, 0xa0), new SKColor(0x0d, 0x60, 0x60)], [0f, 0.4f, 1f], SKShaderTileMode.Clamp);
            canvas.DrawRoundRect(new SKRect(300, 200, 580, 570), 40, 40, body);
        }
        using (var rim = new SKPaint { Color = new SKColor(0x08, 0x40, 0x40), IsAntialias = true })
            canvas.DrawOval(new SKRect(300, 180, 580, 230), rim);
        using var image = surface.Snapshot();
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 92);
        return data.ToArray();
    }
}
