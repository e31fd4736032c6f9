using Cutout.Chat.Planning;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.FileProviders;

namespace Cutout.Server.Endpoints;

/// <summary>
/// The web page at <c>/</c> and its files under <c>/app/</c>, embedded in this assembly (WebApp/): no CDN, no
/// build step, nothing fetched at run time. The page is an ordinary API client that sends its key with every call.
/// </summary>
internal static class WebAppEndpoints
{
    /// <summary>
    /// Scripts and styles only from files of this origin (no inline code, no eval), pictures also from the
    /// blob: URLs the page makes of uploads and results, and no third party anywhere: not in fetches, frames or forms.
    /// </summary>
    public const string ContentSecurityPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' blob:; connect-src 'self'; "
        + "font-src 'self'; manifest-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private static readonly IFileProvider Files = new ManifestEmbeddedFileProvider(typeof(WebAppEndpoints).Assembly, "WebApp");
    private static readonly FileExtensionContentTypeProvider ContentTypes = new();

    public static IEndpointRouteBuilder MapWebAppEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/", (HttpContext http) => Serve(http, "index.html"))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        // The colour field's suggestions are the names the server understands, not a copy of them.
        routes.MapGet("/app/colour-names.json", () => TypedResults.Ok(ColorVocabulary.Named.Keys.Order(StringComparer.Ordinal)))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        routes.MapGet("/app/{name}", (HttpContext http, string name) => Serve(http, name))
            .AllowAnonymous().DisableRateLimiting().ExcludeFromDescription();
        return routes;
    }

    private static IResult Serve(HttpContext http, string name)
    {
        var file = Files.GetFileInfo(name);
        if (!file.Exists || file.IsDirectory || !ContentTypes.TryGetContentType(name, out var contentType))
            return TypedResults.NotFound(new ErrorBody("File not found."));

        var headers = http.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        // The start URL carries a key (?key=) until the page removes it; no link may pass it on.
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-cache";
        return TypedResults.Stream(file.CreateReadStream(), contentType, lastModified: file.LastModified);
    }
}
