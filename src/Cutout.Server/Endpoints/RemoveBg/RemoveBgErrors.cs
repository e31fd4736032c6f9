using System.Text.Json.Serialization;

namespace Cutout.Server.Endpoints.RemoveBg;

/// <summary>One entry of remove.bg's error envelope.</summary>
internal sealed record RemoveBgError(
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("code")] string Code,
    [property: JsonPropertyName("detail"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Detail = null);

/// <summary>remove.bg's error body: <c>{"errors":[{"title","code","detail"}]}</c>.</summary>
internal sealed record RemoveBgErrorBody([property: JsonPropertyName("errors")] IReadOnlyList<RemoveBgError> Errors);

/// <summary>A request remove.bg's API would refuse, with its status and error code.</summary>
internal sealed class RemoveBgException(int status, string code, string title, string? detail = null) : Exception(title)
{
    public int Status { get; } = status;
    public RemoveBgError Error { get; } = new(title, code, detail);

    public static RemoveBgException InvalidParameter(string title, string? detail = null) =>
        new(StatusCodes.Status400BadRequest, RemoveBgErrors.InvalidParameter, title, detail);
}

/// <summary>The codes remove.bg answers with, and the dialect that words the shared middleware's refusals in them.</summary>
internal sealed class RemoveBgErrors : ErrorDialect
{
    public const string InvalidParameter = "invalid_parameter";
    public const string FileTooLarge = "file_too_large";
    public const string UnknownForeground = "unknown_foreground";
    public const string AuthFailed = "auth_failed";
    public const string InvalidApiKey = "invalid_api_key";
    public const string RateLimitExceeded = "rate_limit_exceeded";
    public const string ServerBusy = "server_busy";
    public const string InternalError = "internal_error";

    public static RemoveBgErrors Instance { get; } = new();

    public static IResult Result(int status, RemoveBgError error) =>
        TypedResults.Json(new RemoveBgErrorBody([error]), statusCode: status);

    public override Task WriteAsync(HttpResponse response, GatewayFailure failure, string message)
    {
        // remove.bg answers a missing or wrong key with 403, not 401.
        var (status, error) = failure switch
        {
            GatewayFailure.MissingKey => (StatusCodes.Status403Forbidden, new RemoveBgError("Missing API Key", AuthFailed, "Send your key in the X-Api-Key header.")),
            GatewayFailure.UnknownKey => (StatusCodes.Status403Forbidden, new RemoveBgError("API Key invalid", InvalidApiKey)),
            _ => (StatusCodes.Status429TooManyRequests, new RemoveBgError("Rate limit exceeded", RateLimitExceeded, message)),
        };
        response.StatusCode = status;
        response.Headers.WWWAuthenticate = default;
        return response.WriteAsJsonAsync(new RemoveBgErrorBody([error]));
    }
}
