using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.Messaging;

// Healthy once this process holds an open connection; the orchestrator waits for it.
public sealed class RabbitMqHealthCheck(RabbitMqConnectionProvider connectionProvider) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (connectionProvider.IsOpen)
        {
            return HealthCheckResult.Healthy();
        }

        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(2));
            var connection = await connectionProvider.GetConnectionAsync(timeout.Token);
            return connection.IsOpen ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("RabbitMQ connection is closed");
        }
        catch (OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy("RabbitMQ is not reachable yet");
        }
    }
}
