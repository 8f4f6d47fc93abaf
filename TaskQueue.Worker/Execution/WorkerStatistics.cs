namespace TaskQueue.Worker.Execution;

// What this worker has done since it started, for its heartbeat.
public sealed class WorkerStatistics
{
    private long _processed;
    private long _failed;

    public DateTimeOffset StartedAt { get; } = DateTimeOffset.UtcNow;
    public long Processed => Interlocked.Read(ref _processed);
    public long Failed => Interlocked.Read(ref _failed);

    public void Record(TaskOutcome outcome)
    {
        Interlocked.Increment(ref _processed);
        if (outcome is TaskOutcome.Failed)
        {
            Interlocked.Increment(ref _failed);
        }
    }
}
