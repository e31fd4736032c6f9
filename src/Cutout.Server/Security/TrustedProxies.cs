using System.Net;
using Forwarded = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders;
using IPNetwork = System.Net.IPNetwork;

namespace Cutout.Server.Security;

/// <summary>
/// ASP.NET Core's forwarded-headers middleware set up from <see cref="ServerOptions.TrustedProxies"/>: only a
/// connection from a listed proxy may replace the client address (<c>X-Forwarded-For</c>) and scheme
/// (<c>X-Forwarded-Proto</c>). Without a list the headers are ignored, since any client can send them.
/// </summary>
internal static class TrustedProxies
{
    /// <summary>The middleware's options, or null when no proxy is trusted; a malformed entry fails the start.</summary>
    public static ForwardedHeadersOptions? ForwardedHeaders(IReadOnlyList<string> proxies)
    {
        if (proxies.Count == 0)
            return null;
        var forwarded = new ForwardedHeadersOptions
        {
            ForwardedHeaders = Forwarded.XForwardedFor | Forwarded.XForwardedProto,
            // Walk back through every trusted hop (a CDN in front of a load balancer), stopping at the first untrusted address.
            ForwardLimit = null,
        };
        // The framework trusts loopback by default; here only what the operator listed counts.
        forwarded.KnownProxies.Clear();
        forwarded.KnownIPNetworks.Clear();
        foreach (var entry in proxies.Select(p => p.Trim()))
        {
            if (IPAddress.TryParse(entry, out var address))
                forwarded.KnownProxies.Add(address);
            else if (IPNetwork.TryParse(entry, out var network))
                forwarded.KnownIPNetworks.Add(network);
            else
                throw new InvalidOperationException(
                    $"Cutout:TrustedProxies: '{entry}' is neither an IP address (10.0.0.5, fd00::1) nor a network (10.0.0.0/8, fd00::/8).");
        }
        return forwarded;
    }
}
