namespace Cutout.Chat.Inputs;

/// <summary>An input image that cannot be used; the message names the image and the reason.</summary>
public sealed class ImageInputException(string errorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Wire error code, one of <see cref="ImageInputErrors"/>.</summary>
    public string ErrorCode { get; } = errorCode;
}

/// <summary>The wire error codes of input failures.</summary>
public static class ImageInputErrors
{
    public const string InvalidImageUrl = "INVALID_IMAGE_URL";
    public const string ImageTooLarge = "IMAGE_TOO_LARGE";
    public const string ImageDimensions = "IMAGE_DIMENSIONS";
    public const string UnsupportedImage = "UNSUPPORTED_IMAGE";
    public const string InvalidImage = "INVALID_IMAGE";
    public const string TooManyImages = "TOO_MANY_IMAGES";
}
