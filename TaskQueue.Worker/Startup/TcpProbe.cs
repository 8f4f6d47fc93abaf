using System.Net;
using System.Net.Sockets;

namespace TaskQueue.Worker.Startup;

// Whether something accepts a TCP connection at host:port, asked without exceptions: the event
// based Socket.ConnectAsync reports a refusal in SocketError. The Task-based ConnectAsync throws
// instead, and a socket exception thrown asynchronously captures its stack trace with file
// information, which loads the runtime's PDB reader (System.Reflection.Metadata and what it
// needs) into the process for good: ~3 MB of an idle worker that waited for a booting broker.
internal static class TcpProbe
{
    public static async Task<bool> AcceptsAsync(string host, int port, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(SocketType.Stream, ProtocolType.Tcp);
        using var connect = new SocketAsyncEventArgs { RemoteEndPoint = new DnsEndPoint(host, port) };
        var completed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        connect.Completed += (_, _) => completed.TrySetResult();
        if (socket.ConnectAsync(connect))
        {
            try
            {
                await completed.Task.WaitAsync(timeout, cancellationToken);
            }
            catch (Exception exception) when (exception is TimeoutException or OperationCanceledException)
            {
                // The attempt must end before its event args are disposed.
                Socket.CancelConnectAsync(connect);
                await completed.Task;
                return false;
            }
        }

        return connect.SocketError == SocketError.Success;
    }
}
