namespace Cutout.Server;

/// <summary>
/// Gives every response an <c>X-Request-Id</c>: the client's own id when it sent a sane one (so logs
/// across systems line up), otherwise a fresh one. The id is also the request's trace identifier. Every
/// response also gets the headers an API owes browsers (no framing, no referrer).
/// </summary>
internal static class RequestIdMiddleware
{
    public const string HeaderName = "X-Request-Id";
    private const int MaxClientIdLength = 128;

    public static IApplicationBuilder UseRequestId(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var incoming = context.Request.Headers[HeaderName].ToString();
        var id = IsSane(incoming) ? incoming : Guid.NewGuid().ToString("N");
        context.TraceIdentifier = id;
        context.Response.Headers[HeaderName] = id;
        // An API and its downloads: never framed, never leaking a result link through a Referer.
        context.Response.Headers.XFrameOptions = "DENY";
        context.Response.Headers["Referrer-Policy"] = "no-referrer";
        await next(context);
    });

    private static bool IsSane(string id) =>
        id.Length is > 0 and <= MaxClientIdLength && id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
