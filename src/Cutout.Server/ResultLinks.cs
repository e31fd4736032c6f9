using Cutout.Chat.Execution;

namespace Cutout.Server;

/// <summary>
/// Absolute, signed links to stored results, so the URLs in <c>generation_response</c> download with a
/// plain curl or browser: based on <see cref="ServerOptions.PublicBaseUrl"/>, else the request's host.
/// </summary>
internal sealed class ResultLinks(ServerOptions options, ResultUrlSigner signer, TimeProvider clock)
{
    public string For(HttpRequest request, string resultId)
    {
        var baseUrl = options.PublicBaseUrl?.TrimEnd('/') ?? $"{request.Scheme}://{request.Host}{request.PathBase}";
        return $"{baseUrl}/files/{resultId}?{signer.SignQuery(resultId, clock.GetUtcNow() + options.ResultLinkLifetime)}";
    }

    public bool IsSigned(HttpRequest request, string resultId) =>
        signer.IsValid(resultId, request.Query["expires"], request.Query["sig"], clock.GetUtcNow());
}
