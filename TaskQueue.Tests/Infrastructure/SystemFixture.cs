namespace TaskQueue.Tests.Infrastructure;

// Shared by every test in the "system" collection: one broker node for the run, and one
// pipeline (web, sink, 3 workers, no injected failures) for the tests that only submit work.
// Tests that kill processes or need other settings start a pipeline of their own.
public sealed class SystemFixture : IAsyncLifetime
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private Pipeline? _shared;

    public BrokerFixture Broker { get; } = new();

    public Task InitializeAsync() => Broker.InitializeAsync();

    public async Task<Pipeline> GetSharedPipelineAsync()
    {
        await _gate.WaitAsync();
        try
        {
            return _shared ??= await Pipeline.StartAsync(Broker, workers: 3);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async Task DisposeAsync()
    {
        if (_shared is not null)
        {
            await _shared.DisposeAsync();
        }

        await Broker.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SystemCollection : ICollectionFixture<SystemFixture>
{
    public const string Name = "system";
}
