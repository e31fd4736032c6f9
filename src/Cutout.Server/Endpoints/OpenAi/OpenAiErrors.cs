using System.Text.Json.Serialization;
using Cutout.Chat;

namespace Cutout.Server.Endpoints.OpenAi;

internal sealed record OpenAiError(
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("param")] string? Param,
    [property: JsonPropertyName("code")] string? Code);

/// <summary>OpenAI's error envelope: <c>{"error":{"message","type","param","code"}}</c>.</summary>
internal sealed record OpenAiErrorBody([property: JsonPropertyName("error")] OpenAiError Error);

/// <summary>A request OpenAI's API would refuse, with its status.</summary>
internal sealed class OpenAiException(int status, string message, string type = OpenAiErrors.InvalidRequest, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public OpenAiError Error { get; } = new(message, type, param, code);
}

/// <summary>The error types OpenAI clients know, and the dialect that words the shared middleware's refusals in them.</summary>
internal sealed class OpenAiErrors : ErrorDialect
{
    public const string InvalidRequest = "invalid_request_error";
    public const string Authentication = "authentication_error";
    public const string RateLimit = "rate_limit_error";
    public const string Server = "server_error";

    public static OpenAiErrors Instance { get; } = new();

    public static IResult Result(int status, OpenAiError error) => TypedResults.Json(new OpenAiErrorBody(error), statusCode: status);

    /// <summary>A chat <c>error</c> event as OpenAI's status and error.</summary>
    public static (int Status, OpenAiError Error) FromChat(string message, string? chatCode)
    {
        int status = ChatReply.StatusFor(chatCode);
        var type = chatCode is ErrorCodes.Internal or ErrorCodes.ModelUnavailable ? Server : InvalidRequest;
        // OpenAI answers every problem with the request's content (a bad or oversized image) with 400.
        return (status is StatusCodes.Status413PayloadTooLarge or StatusCodes.Status422UnprocessableEntity ? StatusCodes.Status400BadRequest : status,
            new OpenAiError(message, type, chatCode is ErrorCodes.InvalidImageUrl ? "messages" : null, chatCode?.ToLowerInvariant()));
    }

    public override Task WriteAsync(HttpResponse response, GatewayFailure failure, string message)
    {
        var (status, error) = failure switch
        {
            GatewayFailure.MissingKey => (StatusCodes.Status401Unauthorized, new OpenAiError(
                "You didn't provide an API key. Send it as 'Authorization: Bearer KEY'.", Authentication, null, "missing_api_key")),
            GatewayFailure.UnknownKey => (StatusCodes.Status401Unauthorized, new OpenAiError("Incorrect API key provided.", Authentication, null, "invalid_api_key")),
            _ => (StatusCodes.Status429TooManyRequests, new OpenAiError(message, RateLimit, null, "rate_limit_exceeded")),
        };
        response.StatusCode = status;
        return response.WriteAsJsonAsync(new OpenAiErrorBody(error));
    }
}
