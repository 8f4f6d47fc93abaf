using System.Net;
using System.Net.Sockets;

namespace TaskQueue.AppHost.Extensions;

// A loopback port nobody listens on, for the Erlang ports Aspire does not allocate (epmd and
// node-to-node distribution, which only the node itself uses).
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
