using System.Net;
using System.Net.Sockets;

namespace TaskQueue.AppHost.Hosting;

public static class FreePort
{
    // Asks the kernel for an unused loopback port. Another process could take it before we
    // bind it; on these single-user machines that window has not mattered.
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
