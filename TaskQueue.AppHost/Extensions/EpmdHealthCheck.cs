using System.Buffers.Binary;
using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.AppHost.Extensions;

// epmd is healthy when it answers a NAMES request (Erlang's distribution protocol: a 2-byte
// length, then 'n'; the reply starts with epmd's own port). A bare TCP connect that closes
// without a request makes epmd write "got partial packet only" to stderr, which the dashboard
// shows as an error every time the check runs.
internal sealed class EpmdHealthCheck(int port) : IHealthCheck
{
    private static readonly byte[] s_namesRequest = [0, 1, (byte)'n'];

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", port, cancellationToken);
            var stream = client.GetStream();
            await stream.WriteAsync(s_namesRequest, cancellationToken);
            var reply = new byte[4];
            await stream.ReadExactlyAsync(reply, cancellationToken);
            var answeredFor = BinaryPrimitives.ReadInt32BigEndian(reply);
            return answeredFor == port
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"127.0.0.1:{port} answered as epmd of port {answeredFor}");
        }
        catch (Exception exception) when (exception is SocketException or IOException or EndOfStreamException)
        {
            return HealthCheckResult.Unhealthy($"epmd does not answer on 127.0.0.1:{port} yet", exception);
        }
    }
}
