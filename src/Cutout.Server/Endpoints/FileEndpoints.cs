using Cutout.Chat.Execution;
using Cutout.Server.Security;
using Microsoft.AspNetCore.Authentication;

namespace Cutout.Server.Endpoints;

/// <summary>
/// <c>GET /files/{id}</c>: a stored result, for the key that made it or for anyone holding an unexpired
/// signed link. Everything else is 404, so a probe learns nothing about which ids exist.
/// </summary>
internal static class FileEndpoints
{
    public static IEndpointRouteBuilder MapFileEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/files/{id}", GetAsync)
            .AllowAnonymous()
            .Produces<Stream>(StatusCodes.Status200OK, "image/png", "image/webp", "image/jpeg")
            .Produces<ErrorBody>(StatusCodes.Status404NotFound)
            .WithName("GetFile")
            .WithSummary("Download a result (API key of its owner, or a signed link).");
        return routes;
    }

    private static async Task<IResult> GetAsync(HttpContext http, string id, IImageStore store, ResultLinks links)
    {
        // Authentication comes before the lookup, so the answer never depends on whether the id exists.
        string? keyId = null;
        if (!links.IsSigned(http.Request, id))
        {
            var auth = await http.AuthenticateAsync(ApiKeyAuthenticationHandler.SchemeName);
            if (!auth.Succeeded)
                return TypedResults.Json(new ErrorBody(UnauthorisedDetail(http.Request)), statusCode: StatusCodes.Status401Unauthorized);
            keyId = auth.Principal.ApiKeyId();
        }
        var image = await store.FindAsync(id, http.RequestAborted);
        if (image is null || (keyId is not null && keyId != image.Owner))
            return TypedResults.NotFound(new ErrorBody("File not found."));

        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        http.Response.Headers.XContentTypeOptions = "nosniff";
        return TypedResults.Stream(await store.OpenReadAsync(image, http.RequestAborted), image.ContentType, fileDownloadName: null, lastModified: image.CreatedAt);
    }

    private static string UnauthorisedDetail(HttpRequest request) =>
        ApiKeyAuthenticationHandler.PresentedKey(request) is { Length: > 0 } ? ApiKeyAuthenticationHandler.UnknownKeyDetail
        : request.Query.ContainsKey("sig") ? "The link has expired or its signature is invalid; send your API key or ask for the result again."
        : ApiKeyAuthenticationHandler.MissingKeyDetail;
}
