namespace Cutout.Imaging;

/// <summary>
/// Guards checked on the encoded header before any pixel is decoded, so that a decompression bomb
/// (a tiny file declaring a gigapixel image) is refused without allocating its pixels.
/// </summary>
public sealed record DecodeLimits
{
    public static DecodeLimits Default { get; } = new();

    public int MaxWidth { get; init; } = 8192;
    public int MaxHeight { get; init; } = 8192;

    /// <summary>Below this the model has too little to see; 16 px still allows icons and thumbnails.</summary>
    public int MinSide { get; init; } = 16;

    /// <summary>Encoded size cap; 256 MB is far above any real photo.</summary>
    public long MaxEncodedBytes { get; init; } = 256L * 1024 * 1024;

    /// <summary>Refuses an encoded file over <see cref="MaxEncodedBytes"/>; callers check before reading it whole.</summary>
    public void CheckEncodedSize(long length)
    {
        if (length > MaxEncodedBytes)
            throw new CutoutException(CutoutErrorKind.LimitExceeded,
                $"the file is {length / (1024 * 1024)} MB, over the {MaxEncodedBytes / (1024 * 1024)} MB limit");
    }
}
