namespace Cutout.Chat.Inputs;

/// <summary>An input image that cannot be used; the message names the image and the reason.</summary>
public sealed class ImageInputException(string errorCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>Wire error code, one of <see cref="ErrorCodes"/>.</summary>
    public string ErrorCode { get; } = errorCode;
}
