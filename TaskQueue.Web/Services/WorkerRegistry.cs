using System.Collections.Concurrent;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

public enum WorkerState
{
    Alive,

    // No heartbeat for three intervals: crashed, killed or cut off. Its tasks come back to the
    // queue when the broker notices the dropped connection.
    Lost,
}

public sealed record WorkerStatus(WorkerHeartbeat Last, WorkerState State);

// The workers this web instance has heard from, kept in memory: heartbeats are frequent and
// nothing about them needs to outlive the process.
public sealed class WorkerRegistry(TimeProvider timeProvider)
{
    public static readonly TimeSpan LostAfter = TimeSpan.FromSeconds(15);
    private static readonly TimeSpan s_forgetAfter = TimeSpan.FromMinutes(10);

    private readonly ConcurrentDictionary<string, WorkerHeartbeat> _workers = new(StringComparer.Ordinal);

    public void Record(WorkerHeartbeat heartbeat) => _workers[heartbeat.WorkerId] = heartbeat;

    // Workers heard from lately; 0 before the first heartbeat arrives.
    public int AliveCount()
    {
        var now = timeProvider.GetUtcNow();
        return _workers.Values.Count(worker => now - worker.OccurredAt <= LostAfter);
    }

    public IReadOnlyList<WorkerStatus> List()
    {
        var now = timeProvider.GetUtcNow();
        foreach (var (id, last) in _workers)
        {
            if (now - last.OccurredAt > s_forgetAfter)
            {
                _workers.TryRemove(id, out _);
            }
        }

        return _workers.Values
            .OrderBy(worker => worker.WorkerId, StringComparer.Ordinal)
            .Select(worker => new WorkerStatus(worker, now - worker.OccurredAt > LostAfter ? WorkerState.Lost : WorkerState.Alive))
            .ToList();
    }
}
