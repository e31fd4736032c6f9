using System.Diagnostics;
using System.Text;

namespace Cutout.Server;

/// <summary>
/// One log line per request, ours rather than the framework's (which runs at Warning): method, path, status,
/// duration and request id as structured fields. The path is logged escaped and shortened, so a client cannot
/// forge log lines with <c>%0a</c> or flood them with a megabyte of path.
/// </summary>
internal static class RequestLogMiddleware
{
    public const string Category = "Cutout.Server.Requests";
    private const int MaxLoggedPathLength = 200;

    public static IApplicationBuilder UseRequestLog(this IApplicationBuilder app)
    {
        var logger = app.ApplicationServices.GetRequiredService<ILoggerFactory>().CreateLogger(Category);
        return app.Use(async (context, next) =>
        {
            long started = Stopwatch.GetTimestamp();
            try
            {
                await next(context);
            }
            finally
            {
                logger.LogInformation("{Method} {Path} {Status} in {DurationMs:0} ms (request {RequestId})",
                    Sanitise(context.Request.Method), Sanitise(context.Request.Path.Value ?? ""), context.Response.StatusCode,
                    Stopwatch.GetElapsedTime(started).TotalMilliseconds, context.TraceIdentifier);
            }
        });
    }

    /// <summary>Control characters become <c>\uXXXX</c>; anything past <see cref="MaxLoggedPathLength"/> characters is cut.</summary>
    public static string Sanitise(string text)
    {
        var shown = new StringBuilder(Math.Min(text.Length, MaxLoggedPathLength) + 8);
        foreach (char c in text.Length > MaxLoggedPathLength ? text.AsSpan(0, MaxLoggedPathLength) : text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029')
                shown.Append(@"\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
            else
                shown.Append(c);
        }
        return text.Length > MaxLoggedPathLength ? shown.Append('…').ToString() : shown.ToString();
    }
}
