namespace TaskQueue.Web.Services;

// SQLite takes one writer at a time, and a writer that finds the lock taken retries after a
// sleep. Queueing this process's writes here instead lets concurrent requests (parallel batch
// uploads, the outbox dispatcher) take turns without those sleeps; the sink, another process,
// still meets the lock and waits through the busy timeout.
public sealed class DatabaseWriteGate
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<Releaser> EnterAsync(CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        return new Releaser(_gate);
    }

    public readonly struct Releaser(SemaphoreSlim gate) : IDisposable
    {
        public void Dispose() => gate.Release();
    }
}
