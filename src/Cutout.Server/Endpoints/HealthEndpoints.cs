using System.Text.Json.Serialization;

namespace Cutout.Server.Endpoints;

/// <summary><c>GET /healthz</c>: liveness for load balancers and orchestrators; no key, no rate limit.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", CheckAsync)
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithName("Health");
        return routes;
    }

    /// <summary>
    /// "ok" when every service the server depends on (with <c>--store</c>/<c>--broker</c>: the database and the
    /// broker) answers; otherwise 503 naming what is unreachable and why, so an orchestrator stops routing here.
    /// </summary>
    private static async Task<IResult> CheckAsync(IEnumerable<IDependencyProbe> probes, CancellationToken cancellationToken)
    {
        var checks = probes.ToList();
        if (checks.Count == 0)
            return TypedResults.Ok(new HealthReply("ok"));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(5));
        var dependencies = new Dictionary<string, string>();
        foreach (var probe in checks)
        {
            string? problem;
            try
            {
                problem = await probe.ProbeAsync(timeout.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                problem = "no answer within 5 s";
            }
            dependencies[probe.Name] = problem is null ? "ok" : "unreachable: " + problem;
        }
        bool healthy = dependencies.Values.All(v => v == "ok");
        return TypedResults.Json(new HealthReply(healthy ? "ok" : "degraded", dependencies),
            statusCode: healthy ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
    }
}

internal sealed record HealthReply(
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("dependencies"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyDictionary<string, string>? Dependencies = null);
