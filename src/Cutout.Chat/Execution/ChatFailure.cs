namespace Cutout.Chat.Execution;

/// <summary>A request that cannot go on; becomes the stream's <c>error</c> event.</summary>
public sealed class ChatFailure(string errorCode, string message) : Exception(message)
{
    /// <summary>One of <see cref="ErrorCodes"/>.</summary>
    public string ErrorCode { get; } = errorCode;
}
