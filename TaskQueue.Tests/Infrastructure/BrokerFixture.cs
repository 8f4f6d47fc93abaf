namespace TaskQueue.Tests.Infrastructure;

// One private RabbitMQ node for the whole test run (it takes ~7 s to boot); each test gets
// its own virtual host on it, so tests never see each other's queues.
public sealed class BrokerFixture : IAsyncLifetime
{
    private readonly TestDirectory _directory = new("broker");
    private RabbitMqNode? _node;

    public RabbitMqNode Node => _node ?? throw new InvalidOperationException("The broker has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        _node = await RabbitMqNode.StartAsync(_directory.Path, timeout.Token);
    }

    public async Task RestartAsync(bool crash = false)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await Node.RestartAsync(crash, timeout.Token);
    }

    public Task<string> CreateVirtualHostAsync(string prefix) => Node.CreateVirtualHostAsync($"{prefix}-{Guid.NewGuid():N}");

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _directory.Dispose();
    }
}
