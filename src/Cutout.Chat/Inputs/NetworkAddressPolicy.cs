using System.Net;
using System.Net.Sockets;

namespace Cutout.Chat.Inputs;

/// <summary>
/// Decides which IP addresses a URL fetch may connect to. Only globally routable unicast addresses
/// are public: everything that reaches the server itself, its LAN, its cloud metadata service or a
/// multicast group is refused, so a caller cannot use our fetcher to look inside our network.
/// </summary>
public static class NetworkAddressPolicy
{
    private static readonly IPNetwork[] NonPublicRanges =
    [
        // IPv4 (RFC 6890 special-purpose registry, the ranges that are not globally reachable)
        IPNetwork.Parse("0.0.0.0/8"),        // "this network", incl. the unspecified 0.0.0.0
        IPNetwork.Parse("10.0.0.0/8"),       // private (RFC 1918)
        IPNetwork.Parse("100.64.0.0/10"),    // carrier-grade NAT (RFC 6598)
        IPNetwork.Parse("127.0.0.0/8"),      // loopback
        IPNetwork.Parse("169.254.0.0/16"),   // link-local, incl. cloud metadata 169.254.169.254
        IPNetwork.Parse("172.16.0.0/12"),    // private (RFC 1918)
        IPNetwork.Parse("192.0.0.0/24"),     // IETF protocol assignments
        IPNetwork.Parse("192.168.0.0/16"),   // private (RFC 1918)
        IPNetwork.Parse("198.18.0.0/15"),    // benchmarking
        IPNetwork.Parse("224.0.0.0/4"),      // multicast
        IPNetwork.Parse("240.0.0.0/4"),      // reserved, incl. broadcast 255.255.255.255
        // IPv6
        IPNetwork.Parse("::/128"),           // unspecified
        IPNetwork.Parse("::1/128"),          // loopback
        IPNetwork.Parse("fc00::/7"),         // unique local
        IPNetwork.Parse("fe80::/10"),        // link-local
        IPNetwork.Parse("fec0::/10"),        // deprecated site-local, still routed internally by some stacks
        IPNetwork.Parse("ff00::/8"),         // multicast
    ];

    // NAT64 (RFC 6052) carries an IPv4 address in its last 32 bits; judge it by that address.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");

    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
            return IsPublic(address.MapToIPv4());
        if (address.AddressFamily == AddressFamily.InterNetworkV6 && Nat64.Contains(address))
            return IsPublic(new IPAddress(address.GetAddressBytes().AsSpan(12, 4)));
        foreach (var range in NonPublicRanges)
            if (range.Contains(address))
                return false;
        return true;
    }

    /// <summary>
    /// <paramref name="allowPrivateNetworks"/> opens loopback and private ranges for on-premise use; link-local
    /// (where cloud metadata services answer), multicast and unspecified addresses stay closed even then.
    /// </summary>
    public static bool IsAllowed(IPAddress address, bool allowPrivateNetworks) =>
        IsPublic(address) || (allowPrivateNetworks && !AlwaysClosed.Any(range => range.Contains(Unmapped(address))));

    private static readonly IPNetwork[] AlwaysClosed =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
    ];

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
