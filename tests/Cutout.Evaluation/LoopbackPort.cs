using System.Net;
using System.Net.Sockets;

namespace Cutout.Evaluation;

/// <summary>Ports for services the tests and benchmarks start on 127.0.0.1.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A free port below the kernel's ephemeral range (32768+), so no outgoing connection can take it
    /// between this check and the service binding it.
    /// </summary>
    public static int Free()
    {
        for (int attempt = 0; attempt < 200; attempt++)
        {
            int port = Random.Shared.Next(20000, 32000);
            try
            {
                using var listener = new TcpListener(IPAddress.Loopback, port);
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }
}
