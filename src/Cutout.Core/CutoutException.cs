namespace Cutout;

/// <summary>Why an image could not be processed, in terms a user can act on.</summary>
public enum CutoutErrorKind
{
    /// <summary>Empty, truncated or corrupt data, or not an image at all.</summary>
    InvalidImage,

    /// <summary>An image, but in a format we do not read.</summary>
    UnsupportedFormat,

    /// <summary>Outside the size limits (too large, too small, decompression-bomb guard).</summary>
    LimitExceeded,

    /// <summary>The segmentation model could not be fetched, verified or loaded.</summary>
    ModelUnavailable,

    /// <summary>A bad option value (colour, preset, size...).</summary>
    InvalidOption,

    /// <summary>The model found no subject in the image (see <see cref="Matting.SubjectPresence"/>).</summary>
    NoSubject,
}

/// <summary>An expected failure with a one-line message meant for the user; never a bug.</summary>
public sealed class CutoutException(CutoutErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public CutoutErrorKind Kind { get; } = kind;
}
