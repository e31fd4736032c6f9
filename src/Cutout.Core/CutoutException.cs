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
/// <param name="kind">What went wrong, for callers that map failures to exit codes or HTTP statuses.</param>
/// <param name="message">One line the user can act on, without a stack trace or type names.</param>
/// <param name="inner">The underlying failure (I/O, ONNX Runtime, HTTP), when there is one.</param>
public sealed class CutoutException(CutoutErrorKind kind, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>What went wrong; stable across versions, unlike the message text.</summary>
    public CutoutErrorKind Kind { get; } = kind;
}
