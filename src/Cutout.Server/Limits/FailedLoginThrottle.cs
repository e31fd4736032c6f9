using System.Globalization;
using System.Threading.RateLimiting;
using Cutout.Chat;

namespace Cutout.Server.Limits;

/// <summary>
/// Counts failed authentications (401) per client address; an address over
/// <see cref="ServerOptions.FailedLoginsPerMinute"/> gets 429 for the rest of the minute, before any key it
/// sends is checked, so keys cannot be guessed at line speed. It runs ahead of authentication because the
/// per-key rate limit only sees requests that authentication let through.
/// </summary>
internal static class FailedLoginThrottle
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    public static IApplicationBuilder UseFailedLoginThrottle(this IApplicationBuilder app, ServerOptions options)
    {
        var failures = PartitionedRateLimiter.Create<string, string>(address =>
            RateLimitPartition.GetFixedWindowLimiter(address, _ => new FixedWindowRateLimiterOptions
            {
                PermitLimit = options.FailedLoginsPerMinute,
                Window = Window,
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
        return app.Use(async (context, next) =>
        {
            var address = context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
            if (failures.GetStatistics(address) is { CurrentAvailablePermits: <= 0 })
            {
                context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.Response.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(CultureInfo.InvariantCulture);
                await context.Response.WriteAsJsonAsync(new ErrorBody(
                    $"Too many failed authentications from this address: at most {options.FailedLoginsPerMinute} per minute. Retry later.", ErrorCodes.RateLimited));
                return;
            }
            await next(context);
            if (context.Response.StatusCode == StatusCodes.Status401Unauthorized)
                failures.AttemptAcquire(address).Dispose();
        });
    }
}
