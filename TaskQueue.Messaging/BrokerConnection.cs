using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

namespace TaskQueue.Messaging;

// The process's one broker connection, made by Aspire's RabbitMQ client integration
// (AddRabbitMQClient: the connection, its health check and traces), with our topology
// declared on it once. The integration resolves its IConnection synchronously and fails if
// the broker is not up yet; a service started during a broker outage waits here instead,
// trying again every second at most, and the client's automatic recovery takes over from
// there (reconnecting, re-declaring queues, bindings and consumers).
public sealed class BrokerConnection(IServiceProvider services, ILogger<BrokerConnection> logger)
{
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public async Task<IConnection> GetAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connected)
        {
            return connected;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _connection ??= await ConnectAsync(cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<IConnection> ConnectAsync(CancellationToken cancellationToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                // Off the caller's thread: the integration blocks while it connects, retrying, and
                // cannot be cancelled. A service told to stop meanwhile (Ctrl+C while the broker
                // stops too) stops waiting for it, instead of holding its shutdown for as long as
                // the integration's retries last.
                var connection = await Task.Run(services.GetRequiredService<IConnection>, CancellationToken.None).WaitAsync(cancellationToken);
                await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                {
                    await Topology.DeclareAsync(channel, cancellationToken);
                }

                logger.LogInformation("Connected to RabbitMQ at {Endpoint} as {ClientName}", connection.Endpoint, connection.ClientProvidedName);
                return connection;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && IsTransient(exception))
            {
                // Only the endpoint reaches the log, never the password. A broker still booting
                // is expected; say so a few times, then every tenth attempt.
                if (attempt <= 3 || attempt % 10 == 0)
                {
                    logger.LogWarning("RabbitMQ is not reachable yet (attempt {Attempt}): {Reason}", attempt, exception.Message);
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, s_maxRetryDelay.TotalMilliseconds));
            }
        }
    }

    // Wrong credentials or a missing virtual host will not fix themselves: fail loudly.
    private static bool IsTransient(Exception exception) =>
        exception is not AuthenticationFailureException && exception.InnerException is not AuthenticationFailureException;
}
