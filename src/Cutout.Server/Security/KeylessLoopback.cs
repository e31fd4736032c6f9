using System.Net;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace Cutout.Server.Security;

/// <summary>
/// <see cref="ServerOptions.AllowKeylessLoopback"/>: local tools that send no key (rembg's clients have none)
/// work against a server nobody else can reach. Both ends of the connection must be loopback, and the
/// server refuses to start with the option on while it listens on any other address.
/// </summary>
internal static class KeylessLoopback
{
    /// <summary>The caller id keyless local requests share: their sessions and results belong to it.</summary>
    public const string KeyId = "key_loopback";

    public static bool Admits(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } remote && IPAddress.IsLoopback(remote)
        && connection.LocalIpAddress is { } local && IPAddress.IsLoopback(local);

    /// <summary>Throws when an address the server listens on is not loopback.</summary>
    public static void CheckBinding(IServer server) => CheckAddresses(server.Features.Get<IServerAddressesFeature>()?.Addresses ?? []);

    /// <summary>
    /// The same check on the configured <c>urls</c> (<c>--urls</c>, ASPNETCORE_URLS) before anything listens;
    /// <see cref="CheckBinding"/> then covers addresses bound any other way.
    /// </summary>
    public static void CheckConfiguredUrls(string? urls) =>
        CheckAddresses((urls ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static void CheckAddresses(IEnumerable<string> addresses)
    {
        var exposed = addresses.Where(address => !IsLoopbackUrl(address)).ToList();
        if (exposed.Count > 0)
            throw new InvalidOperationException(
                $"{nameof(ServerOptions.AllowKeylessLoopback)} only works on a server bound to loopback (127.0.0.1, [::1], localhost); it listens on {string.Join(", ", exposed)}.");
    }

    private static bool IsLoopbackUrl(string address)
    {
        // Kestrel reports wildcard bindings as http://[::]:port, http://0.0.0.0:port or http://+:port.
        var host = address.Split("://", 2)[^1].Split('/')[0];
        host = host.StartsWith('[') ? host[1..host.IndexOf(']')] : host.Split(':')[0];
        return host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (IPAddress.TryParse(host, out var ip) && IPAddress.IsLoopback(ip));
    }
}

/// <summary>Runs <see cref="KeylessLoopback.CheckBinding"/> once the server listens; a failure stops the start.</summary>
internal sealed class KeylessLoopbackGuard(IServer server) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        KeylessLoopback.CheckBinding(server);
        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
