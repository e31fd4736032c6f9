namespace Cutout.Imaging;

/// <summary>The file formats Cutout writes.</summary>
public enum OutputFormat
{
    /// <summary>Lossless, with alpha: the default for cutouts and flat colours.</summary>
    Png,

    /// <summary>Lossy, with alpha: much smaller than PNG for the web.</summary>
    WebP,

    /// <summary>Lossy, no alpha: only with an opaque background.</summary>
    Jpeg,
}

/// <summary>How the final pixels are written.</summary>
public sealed record OutputOptions
{
    /// <summary>Format chosen by the pipeline, quality 92, the cutout rather than its mask.</summary>
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

    /// <summary>The format a file name asks for by its extension (<c>.png</c>, <c>.webp</c>, <c>.jpg</c>/<c>.jpeg</c>, any case); null for any other.</summary>
    public static OutputFormat? FormatFromExtension(string path) =>
        Path.GetExtension(path).ToLowerInvariant() switch
        {
            ".png" => OutputFormat.Png,
            ".webp" => OutputFormat.WebP,
            ".jpg" or ".jpeg" => OutputFormat.Jpeg,
            _ => null,
        };

    /// <summary>The usual file extension with its dot: <c>.png</c>, <c>.webp</c> or <c>.jpg</c>.</summary>
    public static string Extension(OutputFormat format) => format switch
    {
        OutputFormat.Png => ".png",
        OutputFormat.WebP => ".webp",
        OutputFormat.Jpeg => ".jpg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };

    /// <summary>The MIME type: <c>image/png</c>, <c>image/webp</c> or <c>image/jpeg</c>.</summary>
    public static string ContentType(OutputFormat format) => format switch
    {
        OutputFormat.Png => "image/png",
        OutputFormat.WebP => "image/webp",
        OutputFormat.Jpeg => "image/jpeg",
        _ => throw new ArgumentOutOfRangeException(nameof(format)),
    };
}
