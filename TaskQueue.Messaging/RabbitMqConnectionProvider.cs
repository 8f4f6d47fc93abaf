using Microsoft.Extensions.Logging;
using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// One connection per process, opened on first use. A service started while the broker is
// down waits here and connects when it comes up; after that the client's automatic recovery
// reconnects and re-declares server-named queues, bindings and consumers.
public sealed class RabbitMqConnectionProvider(string connectionString, string clientName, ILogger<RabbitMqConnectionProvider> logger)
    : IAsyncDisposable
{
    // Services start alongside the broker (it boots in ~7 s) and connect as soon as it
    // accepts them; a refused loopback connection costs next to nothing.
    private static readonly TimeSpan s_maxRetryDelay = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IConnection? _connection;

    public bool IsOpen => _connection?.IsOpen ?? false;

    public async Task<IConnection> GetConnectionAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } existing)
        {
            return existing;
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
        var factory = new ConnectionFactory
        {
            Uri = new Uri(connectionString),
            ClientProvidedName = clientName,
            AutomaticRecoveryEnabled = true,
            TopologyRecoveryEnabled = true,
            NetworkRecoveryInterval = TimeSpan.FromSeconds(1),
            RequestedHeartbeat = TimeSpan.FromSeconds(10),
        };

        var delay = TimeSpan.FromMilliseconds(250);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                var connection = await factory.CreateConnectionAsync(cancellationToken);
                await using (var channel = await connection.CreateChannelAsync(cancellationToken: cancellationToken))
                {
                    await Topology.DeclareAsync(channel, cancellationToken);
                }

                logger.LogInformation("Connected to RabbitMQ at {Endpoint} as {ClientName}", connection.Endpoint, clientName);
                return connection;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && IsTransient(exception))
            {
                // The password never reaches the log: only the endpoint does. A broker still
                // booting is expected; say so a few times, then every tenth attempt.
                if (attempt <= 3 || attempt % 10 == 0)
                {
                    logger.LogWarning("RabbitMQ at {Host}:{Port} is not reachable yet (attempt {Attempt}): {Reason}",
                        factory.HostName, factory.Port, attempt, exception.Message);
                }

                await Task.Delay(delay, cancellationToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, s_maxRetryDelay.TotalMilliseconds));
            }
        }
    }

    // Wrong credentials or a missing vhost will not fix themselves: fail fast and loudly.
    private static bool IsTransient(Exception exception) =>
        exception is not RabbitMQ.Client.Exceptions.AuthenticationFailureException
        && exception.InnerException is not RabbitMQ.Client.Exceptions.AuthenticationFailureException;

    public async ValueTask DisposeAsync()
    {
        if (_connection is { } connection)
        {
            await connection.CloseAsync();
            connection.Dispose();
        }

        _gate.Dispose();
    }
}
