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
    // IPv6 forms that carry an IPv4 address, judged by that address: NAT64 (RFC 6052) and the deprecated
    // IPv4-compatible form (::a.b.c.d) in their last 32 bits, 6to4 (RFC 3056) in bits 16..47.
    private static readonly IPNetwork Nat64 = IPNetwork.Parse("64:ff9b::/96");
    private static readonly IPNetwork IPv4Compatible = IPNetwork.Parse("::/96");
    private static readonly IPNetwork SixToFour = IPNetwork.Parse("2002::/16");

    // NAT64 for local use (RFC 8215) places its IPv4 address by the operator's prefix length: never public.
    private static readonly IPNetwork LocalNat64 = IPNetwork.Parse("64:ff9b:1::/48");

    // Declared after the fields above: static fields initialise in order.
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
        LocalNat64,
    ];

    public static bool IsPublic(IPAddress address)
    {
        if (EmbeddedIPv4(address) is { } inner)
            return IsPublic(inner);
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
        LocalNat64,
    ];

    private static IPAddress Unmapped(IPAddress address) => EmbeddedIPv4(address) ?? address;

    /// <summary>The IPv4 address an IPv6 address stands for (mapped, IPv4-compatible, NAT64, 6to4), or null.</summary>
    private static IPAddress? EmbeddedIPv4(IPAddress address)
    {
        if (address.AddressFamily != AddressFamily.InterNetworkV6)
            return null;
        if (address.IsIPv4MappedToIPv6)
            return address.MapToIPv4();
        var bytes = address.GetAddressBytes();
        // :: and ::1 are IPv6's own unspecified and loopback addresses, listed above, not IPv4 ones.
        if (Nat64.Contains(address) || (IPv4Compatible.Contains(address) && !address.Equals(IPAddress.IPv6Any) && !address.Equals(IPAddress.IPv6Loopback)))
            return new IPAddress(bytes.AsSpan(12, 4));
        if (SixToFour.Contains(address))
            return new IPAddress(bytes.AsSpan(2, 4));
        return null;
    }
}
