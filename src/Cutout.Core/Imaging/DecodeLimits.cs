namespace Cutout.Imaging;

/// <summary>
/// Guards checked on the encoded header before any pixel is decoded, so that a decompression bomb
/// (a tiny file declaring a gigapixel image) is refused without allocating its pixels.
/// </summary>
public sealed record DecodeLimits
{
    /// <summary>8192 × 8192 px at most, 16 px per side at least, 256 MB encoded at most.</summary>
    public static DecodeLimits Default { get; } = new();

    /// <summary>Widest image accepted, in pixels, as declared by the file's header (before EXIF rotation); 8192 by default.</summary>
    public int MaxWidth { get; init; } = 8192;

    /// <summary>Tallest image accepted, in pixels, as declared by the file's header; 8192 by default.</summary>
    public int MaxHeight { get; init; } = 8192;

    /// <summary>Below this the model has too little to see; 16 px still allows icons and thumbnails.</summary>
    public int MinSide { get; init; } = 16;

    /// <summary>Encoded size cap; 256 MB is far above any real photo.</summary>
    public long MaxEncodedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Refuses an encoded file over <see cref="MaxEncodedBytes"/>; callers check before reading it whole.</summary>
    /// <exception cref="CutoutException">Kind <see cref="CutoutErrorKind.LimitExceeded"/> when <paramref name="length"/> is over the cap.</exception>
    public void CheckEncodedSize(long length)
    {
        if (length > MaxEncodedBytes)
            throw new CutoutException(CutoutErrorKind.LimitExceeded,
                $"the file is {length / (1024 * 1024)} MB, over the {MaxEncodedBytes / (1024 * 1024)} MB limit");
    }
}
