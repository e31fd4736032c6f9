using Cutout.Chat.Inputs;

namespace Cutout.Chat.Execution;

/// <summary>The <c>error_code</c> values of chat <c>error</c> events beyond the input ones (<see cref="Inputs.ImageInputErrors"/>).</summary>
public static class ChatErrors
{
    public const string SessionBusy = "SESSION_BUSY";
    public const string SessionNotFound = "SESSION_NOT_FOUND";
    public const string NoImage = "NO_IMAGE";
    public const string ModelUnavailable = "MODEL_UNAVAILABLE";
    public const string InvalidOption = "INVALID_OPTION";
    public const string NoSubject = "NO_SUBJECT";
    public const string Internal = "INTERNAL_ERROR";

    public static string For(CutoutErrorKind kind) => kind switch
    {
        CutoutErrorKind.InvalidImage => ImageInputErrors.InvalidImage,
        CutoutErrorKind.UnsupportedFormat => ImageInputErrors.UnsupportedImage,
        CutoutErrorKind.LimitExceeded => ImageInputErrors.ImageDimensions,
        CutoutErrorKind.ModelUnavailable => ModelUnavailable,
        CutoutErrorKind.InvalidOption => InvalidOption,
        CutoutErrorKind.NoSubject => NoSubject,
        _ => Internal,
    };
}

/// <summary>A request that cannot go on; becomes the stream's <c>error</c> event.</summary>
public sealed class ChatFailure(string errorCode, string message) : Exception(message)
{
    public string ErrorCode { get; } = errorCode;
}
