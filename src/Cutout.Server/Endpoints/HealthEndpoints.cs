using System.Text.Json.Serialization;

namespace Cutout.Server.Endpoints;

/// <summary><c>GET /healthz</c>: liveness for load balancers and orchestrators; no key, no rate limit.</summary>
public static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/healthz", () => TypedResults.Ok(new HealthReply("ok")))
            .AllowAnonymous()
            .DisableRateLimiting()
            .WithName("Health");
        return routes;
    }
}

public sealed record HealthReply([property: JsonPropertyName("status")] string Status);
