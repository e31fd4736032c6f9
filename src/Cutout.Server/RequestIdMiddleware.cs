namespace Cutout.Server;

/// <summary>
/// Gives every response an <c>X-Request-Id</c>: the client's own id when it sent a sane one (so logs
/// across systems line up), otherwise a fresh one. The id is also the request's trace identifier.
/// </summary>
public static class RequestIdMiddleware
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxClientIdLength = 128;

    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsSane(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        await next(context);
    });

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= MaxClientIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
