using System.Collections.Concurrent;

namespace TaskQueue.Worker.Execution;

// What this worker knows about cancellations: tasks it is running (to stop them) and tasks
// cancelled recently (to skip them if their message arrives later). Every worker hears every
// cancellation, so whichever holds the task acts on it.
public sealed class CancellationRegistry(TimeProvider timeProvider)
{
    private static readonly TimeSpan s_remember = TimeSpan.FromHours(6);
    private const int MaxRemembered = 200_000;

    private readonly ConcurrentDictionary<Guid, DateTimeOffset> _cancelled = new();
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();

    public bool IsCancelled(Guid taskId) => _cancelled.ContainsKey(taskId);

    public IReadOnlyList<Guid> RunningTaskIds => [.. _running.Keys];

    public void Cancel(Guid taskId)
    {
        _cancelled[taskId] = timeProvider.GetUtcNow();
        if (_running.TryGetValue(taskId, out var running))
        {
            running.Cancel();
        }

        if (_cancelled.Count > MaxRemembered)
        {
            Prune();
        }
    }

    // The returned source is cancelled when the task is cancelled by a user or the worker stops.
    public RunningTask Track(Guid taskId, CancellationToken stoppingToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[taskId] = source;
        if (IsCancelled(taskId))
        {
            source.Cancel();
        }

        return new RunningTask(this, taskId, source);
    }

    private void Untrack(Guid taskId, CancellationTokenSource source)
    {
        _running.TryRemove(new KeyValuePair<Guid, CancellationTokenSource>(taskId, source));
        source.Dispose();
    }

    private void Prune()
    {
        var cutoff = timeProvider.GetUtcNow() - s_remember;
        foreach (var (taskId, at) in _cancelled)
        {
            if (at < cutoff)
            {
                _cancelled.TryRemove(taskId, out _);
            }
        }
    }

    public sealed class RunningTask(CancellationRegistry registry, Guid taskId, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose() => registry.Untrack(taskId, source);
    }
}
