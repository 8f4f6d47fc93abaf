using System.Net;
using System.Net.Sockets;

namespace TaskQueue.Tests.Infrastructure;

public static class FreePort
{
    private static readonly HashSet<int> s_handedOut = [];
    private static readonly Lock s_lock = new();

    // Asks the kernel for an unused loopback port. The kernel may offer a port again as soon
    // as it is released, before whoever asked for it binds it (the dashboard and the broker
    // pick theirs at the same moment), so a port is never handed out twice in one process.
    // Another process could still take it first; on these single-user machines that window
    // has not mattered.
    public static int Next()
    {
        while (true)
        {
            int port;
            using (var listener = new TcpListener(IPAddress.Loopback, 0))
            {
                listener.Start();
                port = ((IPEndPoint)listener.LocalEndpoint).Port;
            }

            lock (s_lock)
            {
                if (s_handedOut.Add(port))
                {
                    return port;
                }
            }
        }
    }
}
