namespace Cutout.Chat;

/// <summary>
/// Every <c>error_code</c> the chat layer and its hosts put on the wire: in chat <c>error</c> events and in the
/// <c>{"detail", "error_code"}</c> body of non-stream error answers. One catalogue, so a client author reads the
/// whole contract in one place and two endpoints never spell one failure differently. A host adding an endpoint
/// adds its codes here rather than writing string literals.
/// </summary>
public static class ErrorCodes
{
    // ---- input images (Cutout.Chat.Inputs) ----

    /// <summary>An image URL that is malformed, unreachable, not http(s)/data:/a result id, or names someone else's result.</summary>
    public const string InvalidImageUrl = "INVALID_IMAGE_URL";

    /// <summary>An image over the configured byte limit (<see cref="Inputs.ImageInputOptions.MaxBytesPerImage"/>).</summary>
    public const string ImageTooLarge = "IMAGE_TOO_LARGE";

    /// <summary>An image smaller or larger than the configured side limits.</summary>
    public const string ImageDimensions = "IMAGE_DIMENSIONS";

    /// <summary>Bytes that are not one of the accepted image formats.</summary>
    public const string UnsupportedImage = "UNSUPPORTED_IMAGE";

    /// <summary>An accepted format whose data is corrupt.</summary>
    public const string InvalidImage = "INVALID_IMAGE";

    /// <summary>More images in one request than <see cref="Inputs.ImageInputOptions.MaxImagesPerRequest"/>.</summary>
    public const string TooManyImages = "TOO_MANY_IMAGES";

    // ---- chat turns (Cutout.Chat.Execution) ----

    public const string SessionBusy = "SESSION_BUSY";

    public const string SessionNotFound = "SESSION_NOT_FOUND";

    /// <summary>Nothing to work on: no image attached and none earlier in the session.</summary>
    public const string NoImage = "NO_IMAGE";

    public const string ModelUnavailable = "MODEL_UNAVAILABLE";

    public const string InvalidOption = "INVALID_OPTION";

    /// <summary>The model found nothing to cut out (Core's <see cref="CutoutErrorKind.NoSubject"/>).</summary>
    public const string NoSubject = "NO_SUBJECT";

    public const string Internal = "INTERNAL_ERROR";

    // ---- hosts (Cutout.Server) ----

    /// <summary>The caller's API key went over its requests-per-minute budget.</summary>
    public const string RateLimited = "RATE_LIMITED";

    /// <summary>Too many requests are already waiting for the pipeline.</summary>
    public const string ServerBusy = "SERVER_BUSY";

    /// <summary>A streamed request made no progress for the idle timeout and was stopped.</summary>
    public const string Timeout = "TIMEOUT";

    /// <summary>The code for a pipeline failure of this kind.</summary>
    public static string For(CutoutErrorKind kind) => kind switch
    {
        CutoutErrorKind.InvalidImage => InvalidImage,
        CutoutErrorKind.UnsupportedFormat => UnsupportedImage,
        CutoutErrorKind.LimitExceeded => ImageDimensions,
        CutoutErrorKind.ModelUnavailable => ModelUnavailable,
        CutoutErrorKind.InvalidOption => InvalidOption,
        CutoutErrorKind.NoSubject => NoSubject,
        _ => Internal,
    };
}
