using TaskQueue.Tests.Infrastructure;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskQueue.Tests.EndToEnd;

// One whole system (the real AppHost through Aspire.Hosting.Testing, 2 workers, no injected
// failures) shared by the tests that inspect or disturb its resources.
public sealed class AspireSystemFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private readonly TestDirectory _dataDir = new("aspire");
    private AspireSystem? _system;

    public AspireSystem System => _system ?? throw new InvalidOperationException("The system has not started.");

    public async Task InitializeAsync() =>
        _system = await AspireSystem.StartForFixtureAsync(_dataDir.Path, workers: 2, report => diagnostics.OnMessage(new DiagnosticMessage(report)));

    public async Task DisposeAsync()
    {
        if (_system is not null)
        {
            await _system.DisposeAsync();
        }

        _dataDir.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class AspireSystemCollection : ICollectionFixture<AspireSystemFixture>
{
    public const string Name = "aspire system";
}
