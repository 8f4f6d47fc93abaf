using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;

namespace TaskQueue.AppHost.Extensions;

// Healthy once the node accepts an authenticated AMQP connection: an open port alone is
// not enough, the node listens before it has loaded its users and plugins. One connection is
// kept and reused (for the AppHost's life), so a healthy node is not asked for a new one at
// every probe. While the node boots, one check keeps trying for a few seconds: Aspire checks
// an unhealthy resource again only after 1, 2 … 5 s, and the services wait on this one.
internal sealed class AmqpConnectionHealthCheck(string name, ReferenceExpression connectionString) : IHealthCheck
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_connection is { IsOpen: true })
            {
                return HealthCheckResult.Healthy();
            }

            if (_connection is not null)
            {
                await _connection.DisposeAsync();
                _connection = null;
            }

            var uri = await connectionString.GetValueAsync(cancellationToken)
                ?? throw new InvalidOperationException($"{name} has no connection string yet.");
            var factory = new ConnectionFactory
            {
                Uri = new Uri(uri),
                AutomaticRecoveryEnabled = false,
                ClientProvidedName = "taskqueue-apphost-health",
                // The port is Aspire's proxy, which accepts at once even while the node boots;
                // an attempt must then fail fast, not wait out the client's 10 s handshake.
                RequestedConnectionTimeout = TimeSpan.FromSeconds(1),
                HandshakeContinuationTimeout = TimeSpan.FromSeconds(1),
            };
            _connection = await PatientHealthCheck.RetryAsync(() => factory.CreateConnectionAsync(cancellationToken), cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // The password never reaches the message: the client's exceptions name the endpoint only.
            return HealthCheckResult.Unhealthy($"{name} does not accept an AMQP connection yet: {exception.Message}");
        }
        finally
        {
            _gate.Release();
        }
    }
}
