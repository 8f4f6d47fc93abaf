using System.Collections.Concurrent;

namespace TaskQueue.Worker.Execution;

// What this worker knows about cancellations: tasks it is running (to stop them) and tasks
// cancelled recently (to skip them if their message arrives later). Every worker hears every
// cancellation, so whichever holds the task acts on it. A cancellation names the attempt it
// was made in and stops that attempt and earlier ones only: a task retried after being
// cancelled runs its new attempt.
public sealed class CancellationRegistry(TimeProvider timeProvider)
{
    private static readonly TimeSpan s_remember = TimeSpan.FromHours(6);
    private const int MaxRemembered = 200_000;

    private readonly ConcurrentDictionary<Guid, (int Attempt, DateTimeOffset At)> _cancelled = new();
    private readonly ConcurrentDictionary<Guid, (int Attempt, CancellationTokenSource Source)> _running = new();

    public bool IsCancelled(Guid taskId, int attempt) => _cancelled.TryGetValue(taskId, out var cancelled) && attempt <= cancelled.Attempt;

    public IReadOnlyList<Guid> RunningTaskIds => [.. _running.Keys];

    public void Cancel(Guid taskId, int attempt)
    {
        _cancelled.AddOrUpdate(taskId, (attempt, timeProvider.GetUtcNow()),
            (_, known) => (Math.Max(known.Attempt, attempt), timeProvider.GetUtcNow()));
        if (_running.TryGetValue(taskId, out var running) && running.Attempt <= attempt)
        {
            running.Source.Cancel();
        }

        if (_cancelled.Count > MaxRemembered)
        {
            Prune();
        }
    }

    // The returned source is cancelled when the task is cancelled by a user or the worker stops.
    public RunningTask Track(Guid taskId, int attempt, CancellationToken stoppingToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _running[taskId] = (attempt, source);
        if (IsCancelled(taskId, attempt))
        {
            source.Cancel();
        }

        return new RunningTask(this, taskId, attempt, source);
    }

    private void Untrack(Guid taskId, int attempt, CancellationTokenSource source)
    {
        _running.TryRemove(new KeyValuePair<Guid, (int, CancellationTokenSource)>(taskId, (attempt, source)));
        source.Dispose();
    }

    private void Prune()
    {
        var cutoff = timeProvider.GetUtcNow() - s_remember;
        foreach (var (taskId, (_, at)) in _cancelled)
        {
            if (at < cutoff)
            {
                _cancelled.TryRemove(taskId, out _);
            }
        }
    }

    public sealed class RunningTask(CancellationRegistry registry, Guid taskId, int attempt, CancellationTokenSource source) : IDisposable
    {
        public CancellationToken Token => source.Token;

        public void Dispose() => registry.Untrack(taskId, attempt, source);
    }
}
