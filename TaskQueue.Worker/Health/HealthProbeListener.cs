using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.Worker.Health;

// The worker's only HTTP surface is the two probes the AppHost and the tests call, `/health`
// and `/alive`. ASP.NET Core's whole server stack (Kestrel, routing, the health check
// middleware) cost an idle worker about 11 MB of mapped framework code plus its JIT-compiled
// code; this answers the same two GETs with the same status codes (200 Healthy or Degraded,
// 503 Unhealthy) from the same health checks, one short request per connection.
internal sealed class HealthProbeListener(HealthCheckService health, IConfiguration configuration, ILogger<HealthProbeListener> logger)
    : BackgroundService
{
    private const string HealthPath = "/health";
    private const string AlivenessPath = "/alive";
    private const int MaxRequestHeadBytes = 8 * 1024;
    private static readonly TimeSpan s_requestTimeout = TimeSpan.FromSeconds(10);

    private readonly List<TcpListener> _listeners = [];

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Bound before the host reports started, so a port already taken fails the start as Kestrel's would.
        foreach (var endPoint in HealthProbeAddresses.From(configuration))
        {
            var listener = new TcpListener(endPoint);
            listener.Start();
            _listeners.Add(listener);
            logger.LogInformation("Health probes at http://{EndPoint}{Path} and {Aliveness}", endPoint, HealthPath, AlivenessPath);
        }

        return base.StartAsync(cancellationToken);
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(_listeners.Select(listener => AcceptAsync(listener, stoppingToken)));

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        // The accept loops end on the cancelled token first; a listener stopped under a pending
        // accept would fail it with a SocketException instead.
        try
        {
            await base.StopAsync(cancellationToken);
        }
        finally
        {
            foreach (var listener in _listeners)
            {
                listener.Stop();
            }
        }
    }

    private async Task AcceptAsync(TcpListener listener, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptSocketAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }

            _ = AnswerAsync(client, stoppingToken);
        }
    }

    private async Task AnswerAsync(Socket client, CancellationToken stoppingToken)
    {
        using var _ = client;
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(s_requestTimeout);
        try
        {
            var path = await ReadRequestPathAsync(client, timeout.Token);
            var (status, body) = path switch
            {
                HealthPath => await CheckAsync(predicate: null, timeout.Token),
                AlivenessPath => await CheckAsync(registration => registration.Tags.Contains("live"), timeout.Token),
                null => (HttpStatusCode.BadRequest, "Bad Request"),
                _ => (HttpStatusCode.NotFound, "Not Found"),
            };
            var response = $"HTTP/1.1 {(int)status} {status}\r\nContent-Type: text/plain\r\nCache-Control: no-store\r\n" +
                           $"Content-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
            await client.SendAsync(Encoding.ASCII.GetBytes(response), SocketFlags.None, timeout.Token);
            client.Shutdown(SocketShutdown.Both);
        }
        catch (Exception exception) when (exception is OperationCanceledException or SocketException)
        {
            // A probe that gave up or hung up; the next one asks again.
        }
    }

    private async Task<(HttpStatusCode Status, string Body)> CheckAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(predicate, cancellationToken);
        var status = report.Status == HealthStatus.Unhealthy ? HttpStatusCode.ServiceUnavailable : HttpStatusCode.OK;
        return (status, report.Status.ToString());
    }

    // The path of a GET, or null for anything else; only the request line matters, the rest of the head is read and ignored.
    private static async Task<string?> ReadRequestPathAsync(Socket client, CancellationToken cancellationToken)
    {
        var buffer = new byte[MaxRequestHeadBytes];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await client.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, cancellationToken);
            if (read == 0)
            {
                return null;
            }

            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                var requestLine = Encoding.ASCII.GetString(buffer, 0, buffer.AsSpan(0, length).IndexOf("\r\n"u8)).Split(' ');
                return requestLine is ["GET", var target, ['H', 'T', 'T', 'P', '/', ..]] ? target.Split('?')[0] : null;
            }
        }

        return null;
    }
}
