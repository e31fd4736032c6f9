namespace Cutout.Imaging;

public enum OutputFormat
{
    Png,
    WebP,
    Jpeg,
}

/// <summary>How the final pixels are written.</summary>
public sealed record OutputOptions
{
    public static OutputOptions Default { get; } = new();

    /// <summary>
    /// Null lets the pipeline choose: a preset's format; JPEG for photographic backgrounds (blur, scene, image);
    /// otherwise PNG, which keeps transparency and exact flat colours.
    /// </summary>
    public OutputFormat? Format { get; init; }

    /// <summary>JPEG/WebP quality 1..100.</summary>
    public int Quality { get; init; } = 92;

    /// <summary>Write the 8-bit grey alpha mask instead of the cutout.</summary>
    public bool MaskOnly { get; init; }

    public static OutputFormat? FormatFromExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => OutputFormat.Png,
            ".webp" => OutputFormat.WebP,
            ".jpg" or ".jpeg" => OutputFormat.Jpeg,
            _ => null,
        };

    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Png => ".png",
        OutputFormat.WebP => ".webp",
        OutputFormat.Jpeg => ".jpg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.WebP => "image/webp",
        OutputFormat.Jpeg => "image/jpeg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
