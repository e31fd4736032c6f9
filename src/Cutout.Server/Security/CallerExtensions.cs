using System.Security.Claims;

namespace Cutout.Server.Security;

internal static class CallerExtensions
{
    /// <summary>The authenticated caller's key id (the owner of their sessions and results).</summary>
    public static string ApiKeyId(this ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("endpoint reached without authentication");
}
