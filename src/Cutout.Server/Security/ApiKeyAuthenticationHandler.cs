using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Cutout.Server.Security;

/// <summary>
/// Authenticates <c>X-API-Key: KEY</c> or <c>Authorization: Bearer KEY</c>. The challenge answers in the
/// chat API's shape: 401 <c>{"detail": ...}</c>, with a different detail for a missing and an unknown key.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyRegistry keys,
    ServerOptions serverOptions) : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string MissingKeyDetail = "API key is required.";
    public const string UnknownKeyDetail = "Invalid API key.";

    public static string? PresentedKey(HttpRequest request)
    {
        if (request.Headers["X-API-Key"].ToString() is { Length: > 0 } headerKey)
            return headerKey.Trim();
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : null;
    }

    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? keyId;
        if (PresentedKey(Request) is { Length: > 0 } key)
            keyId = keys.Identify(key);
        else if (serverOptions.AllowKeylessLoopback && KeylessLoopback.Admits(Context.Connection))
            keyId = KeylessLoopback.KeyId;
        else
            return Task.FromResult(AuthenticateResult.NoResult());
        if (keyId is null)
            return Task.FromResult(AuthenticateResult.Fail(UnknownKeyDetail));

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, keyId)], SchemeName);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        bool presented = PresentedKey(Request) is { Length: > 0 };
        var detail = presented ? UnknownKeyDetail : MissingKeyDetail;
        if (ErrorDialect.Of(Context) is { } dialect)
            await dialect.WriteAsync(Response, presented ? GatewayFailure.UnknownKey : GatewayFailure.MissingKey, detail);
        else
            await Response.WriteAsJsonAsync(new ErrorBody(detail));
    }
}
