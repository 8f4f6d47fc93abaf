using System.Net;
using System.Net.Sockets;
using TaskQueue.Worker.Startup;

namespace TaskQueue.Tests.Unit;

// The worker's start gate asks whether the broker listens without exceptions (they would load the
// runtime's PDB reader into an idle worker for good), by name as the connection string gives it.
public sealed class TcpProbeTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(5);

    // Set only in this test's asynchronous flow, so exceptions other tests throw meanwhile do not count.
    private static readonly AsyncLocal<bool> s_probing = new();

    [Fact]
    public async Task A_listening_port_accepts_when_asked_by_name()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            var port = ((IPEndPoint)listener.LocalEndpoint).Port;

            Assert.True(await TcpProbe.AcceptsAsync("localhost", port, s_timeout, CancellationToken.None));
        }
        finally
        {
            listener.Stop();
        }
    }

    [Fact]
    public async Task A_closed_port_is_refused_without_an_exception()
    {
        var port = ClosedPort();

        var thrown = new List<Exception>();
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs args)
        {
            if (s_probing.Value)
            {
                lock (thrown)
                {
                    thrown.Add(args.Exception);
                }
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        bool accepted;
        try
        {
            s_probing.Value = true;
            accepted = await TcpProbe.AcceptsAsync("localhost", port, s_timeout, CancellationToken.None);
        }
        finally
        {
            s_probing.Value = false;
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.False(accepted);
        Assert.Empty(thrown);
    }

    [Fact]
    public async Task A_cancelled_ask_answers_no_and_does_not_throw()
    {
        var port = ClosedPort();

        Assert.False(await TcpProbe.AcceptsAsync("localhost", port, s_timeout, new CancellationToken(canceled: true)));
    }

    // A port that was just free: bound, read and released.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
