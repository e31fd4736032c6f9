using System.Globalization;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Cutout.Chat;
using Cutout.Cluster.Storage;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Cutout.Server.Limits;

/// <summary>
/// A fixed window of <see cref="ServerOptions.RequestsPerMinute"/> per API key (per client address for
/// requests without one, such as signed downloads). Every limited response carries
/// <c>X-RateLimit-Limit</c> and <c>X-RateLimit-Remaining</c>; a refusal is 429 with <c>Retry-After</c>
/// and <c>X-RateLimit-Reset</c>.
/// </summary>
internal static class PerKeyRateLimiting
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <param name="shared">Counts the windows in the database shared by every replica; null = in this process.</param>
    public static IServiceCollection AddPerKeyRateLimiting(this IServiceCollection services, ServerOptions options, SharedRateWindows? shared = null)
    {
        services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(PartitionKey(context), _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = options.RequestsPerMinute,
                    Window = Window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                }));
            limiter.OnRejected = async (rejected, cancellationToken) =>
            {
                var response = rejected.HttpContext.Response;
                var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : Window;
                var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = seconds;
                response.Headers["X-RateLimit-Limit"] = options.RequestsPerMinute.ToString(CultureInfo.InvariantCulture);
                response.Headers["X-RateLimit-Remaining"] = "0";
                response.Headers["X-RateLimit-Reset"] = seconds;
                var message = $"Rate limit exceeded: {options.RequestsPerMinute} requests per minute. Retry after {seconds} s.";
                if (ErrorDialect.Of(rejected.HttpContext) is { } dialect)
                    await dialect.WriteAsync(response, GatewayFailure.RateLimited, message);
                else
                    await response.WriteAsJsonAsync(new ErrorBody(message, ErrorCodes.RateLimited), cancellationToken);
            };
        });
        // After the in-process default, so it replaces it.
        if (shared is not null)
            services.AddOptions<RateLimiterOptions>().Configure<ILoggerFactory>((limiter, logs) => limiter.GlobalLimiter =
                new SharedWindowRateLimiter(shared, options.RequestsPerMinute, Window, PartitionKey, logs.CreateLogger(nameof(SharedWindowRateLimiter))));
        return services;
    }

    /// <summary>Adds the quota headers to every response the limiter counted.</summary>
    public static IApplicationBuilder UseRateLimitHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limiter = context.RequestServices.GetRequiredService<IOptions<RateLimiterOptions>>().Value.GlobalLimiter;
        if (limiter is not null && context.GetEndpoint()?.Metadata.GetMetadata<DisableRateLimitingAttribute>() is null)
        {
            context.Response.OnStarting(() =>
            {
                if (context.Response.StatusCode != StatusCodes.Status429TooManyRequests && limiter.GetStatistics(context) is { } statistics)
                {
                    var limit = context.RequestServices.GetRequiredService<ServerOptions>().RequestsPerMinute;
                    context.Response.Headers["X-RateLimit-Limit"] = limit.ToString(CultureInfo.InvariantCulture);
                    context.Response.Headers["X-RateLimit-Remaining"] = statistics.CurrentAvailablePermits.ToString(CultureInfo.InvariantCulture);
                }
                return Task.CompletedTask;
            });
        }
        await next(context);
    });

    /// <summary>
    /// The key's id; without a key, the client address, with signed result downloads in a budget of their own so a
    /// page of result images cannot starve that address's other anonymous requests, nor the other way round.
    /// </summary>
    private static string PartitionKey(HttpContext context) =>
        context.User.FindFirstValue(ClaimTypes.NameIdentifier)
        ?? (context.Request.Query.ContainsKey("sig") && context.Request.Path.StartsWithSegments("/files") ? "downloads:" : "address:")
            + context.Connection.RemoteIpAddress;
}
