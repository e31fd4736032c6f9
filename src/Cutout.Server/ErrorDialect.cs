namespace Cutout.Server;

/// <summary>Failures answered before an endpoint runs: by authentication or the rate limiter.</summary>
internal enum GatewayFailure
{
    MissingKey,
    UnknownKey,
    RateLimited,
}

/// <summary>
/// How a protocol family (remove.bg, rembg, OpenAI) words the failures the shared middleware answers, so
/// that its clients read a 401, 403 or 429 in the envelope they were written for. Endpoints carry one as
/// metadata (<see cref="ErrorDialectExtensions.WithErrorDialect{TBuilder}"/>); without one the chat API's
/// <see cref="ErrorBody"/> is used.
/// </summary>
internal abstract class ErrorDialect
{
    /// <summary>Sets the status and writes the body; headers such as Retry-After are already set.</summary>
    public abstract Task WriteAsync(HttpResponse response, GatewayFailure failure, string message);

    public static ErrorDialect? Of(HttpContext context) => context.GetEndpoint()?.Metadata.GetMetadata<ErrorDialect>();
}

internal static class ErrorDialectExtensions
{
    public static TBuilder WithErrorDialect<TBuilder>(this TBuilder builder, ErrorDialect dialect) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(dialect);
}
