using RabbitMQ.Client;

namespace TaskQueue.AppHost.Hosting;

// AddRabbitMQ("messaging"): a private broker node, or, when ConnectionStrings:messaging is
// configured, that external broker (a cluster in production) and no node at all. The
// dashboard may stop, start and restart the private node; it keeps its ports and data.
public sealed class RabbitMQServerResource(string name, string? externalConnectionString)
    : Resource(name), IResourceWithConnectionString, IResourceInstance
{
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);

    private readonly SemaphoreSlim _commands = new(1, 1);
    private RabbitMqNode? _node;
    private ResourceContext? _context;
    private DateTimeOffset? _startedAt;
    private string? _connectionString;
    private string _state = "Waiting";
    private volatile bool _stopping;
    private int _restarts;

    public string ConnectionString => _connectionString ?? throw new InvalidOperationException($"{Name} has not started");

    public bool NeedsLocalNode => externalConnectionString is null;

    // The management plugin's HTTP API of the private node; unknown for an external broker.
    public string? ManagementUrl => _node is null ? null : $"http://127.0.0.1:{_node.ManagementPort}";

    public IReadOnlyDictionary<string, string> Environment => _node?.Environment ?? new Dictionary<string, string>();

    public bool AcceptsCommands => _node is not null && _context is not null;

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _state = "Starting";
        context.StateChanged();
        try
        {
            if (externalConnectionString is not null)
            {
                var factory = new ConnectionFactory { Uri = new Uri(externalConnectionString) };
                await using (await factory.CreateConnectionAsync(cancellationToken))
                {
                    _connectionString = externalConnectionString;
                }

                context.Console.Info($"{Name}: using the external broker from ConnectionStrings:{Name} ({factory.HostName}:{factory.Port})");
            }
            else
            {
                // Services may start while the node boots (~7 s): its address and credentials
                // are known from launch, and they connect when it accepts them.
                var node = await RabbitMqNode.StartAsync(Path.Combine(context.Options.DataDir, "rabbitmq"),
                    line => context.Console.Log(Name, line), cancellationToken, launched: launched =>
                    {
                        _node = launched;
                        _connectionString = launched.ConnectionString;
                        ReportAllocated();
                    });
                _startedAt = DateTimeOffset.UtcNow;
                context.Console.Info($"{Name}: RabbitMQ node {node.NodeName} accepting on 127.0.0.1:{node.AmqpPort}");
                _ = WatchForUnexpectedExitAsync(context, node);
            }

            _state = "Running";
            ReportHealthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _state = "FailedToStart";
            ReportFailed(exception);
            throw;
        }
        finally
        {
            context.StateChanged();
        }
    }

    // A node that dies on its own is started again on the same data and ports, with backoff;
    // the services' clients reconnect by themselves and nothing durable is lost.
    private async Task WatchForUnexpectedExitAsync(ResourceContext context, RabbitMqNode node)
    {
        var exitCode = await node.Exited;
        // Stopped on purpose, or already replaced by a start from the dashboard.
        for (var attempt = 1; !_stopping && node == _node; attempt++)
        {
            _restarts++;
            _state = "Restarting";
            var backoff = TimeSpan.FromSeconds(Math.Min(s_maxBackoff.TotalSeconds, Math.Pow(2, attempt - 1)));
            context.Console.Info($"{Name}: the RabbitMQ node exited unexpectedly (code {exitCode}); restarting it in {backoff.TotalSeconds:0} s (restart #{_restarts})");
            context.StateChanged();
            await Task.Delay(backoff);
            if (_stopping)
            {
                return;
            }

            try
            {
                _node = await node.RestartAsync(crash: true, CancellationToken.None);
                _startedAt = DateTimeOffset.UtcNow;
                _state = "Running";
                context.Console.Info($"{Name}: RabbitMQ node {_node.NodeName} accepting again on 127.0.0.1:{_node.AmqpPort}");
                context.StateChanged();
                _ = WatchForUnexpectedExitAsync(context, _node);
                return;
            }
            catch (Exception exception)
            {
                context.Console.Info($"{Name}: restarting the node failed: {exception.Message}");
            }
        }
    }

    public override IEnumerable<IResourceInstance> Instances() => NeedsLocalNode ? [this] : [];

    public async Task ExecuteAsync(ResourceCommand command)
    {
        if (_node is not { } node || _context is not { } context)
        {
            throw new InvalidOperationException($"{Name} does not accept commands.");
        }

        await _commands.WaitAsync();
        try
        {
            if (command is ResourceCommand.Stop or ResourceCommand.Restart)
            {
                _stopping = true;
                _state = "Stopping";
                context.StateChanged();
                await node.StopAsync(TimeSpan.FromSeconds(8));
                _state = "Stopped";
                context.StateChanged();
            }

            if (command is ResourceCommand.Start or ResourceCommand.Restart && node.Exited.IsCompleted)
            {
                _state = "Starting";
                context.StateChanged();
                _node = await RabbitMqNode.StartAsync(Path.Combine(context.Options.DataDir, "rabbitmq"),
                    line => context.Console.Log(Name, line), CancellationToken.None, node.AmqpPort, node.ManagementPort);
                _stopping = false;
                _startedAt = DateTimeOffset.UtcNow;
                _restarts += command == ResourceCommand.Restart ? 1 : 0;
                _state = "Running";
                context.Console.Info($"{Name}: RabbitMQ node {_node.NodeName} accepting again on 127.0.0.1:{_node.AmqpPort}");
                context.StateChanged();
                _ = WatchForUnexpectedExitAsync(context, _node);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            _state = "FailedToStart";
            context.Console.Info($"{Name}: {command} failed: {exception.Message}");
            context.StateChanged();
        }
        finally
        {
            _commands.Release();
        }
    }

    public override async Task StopAsync()
    {
        if (_node is { } node)
        {
            _stopping = true;
            _state = "Stopping";
            await node.StopAsync(TimeSpan.FromSeconds(8));
            _state = "Stopped";
        }
    }

    public override IEnumerable<ResourceSnapshot> Snapshot() =>
        [new(Name, "RabbitMQ", _state, _node?.Pid, _node is null ? null : $"amqp://127.0.0.1:{_node.AmqpPort} (management http://127.0.0.1:{_node.ManagementPort})", _restarts,
            _node is { Exited.IsCompleted: false } ? _startedAt : null)];
}
