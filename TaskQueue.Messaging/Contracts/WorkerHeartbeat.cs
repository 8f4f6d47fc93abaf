namespace TaskQueue.Messaging.Contracts;

// Every worker says it is alive, and what it is doing, every few seconds. The broker's own
// connection heartbeat is what redelivers a vanished worker's tasks; this one is for people.
public sealed record WorkerHeartbeat(
    string WorkerId,
    string Host,
    int ProcessId,
    DateTimeOffset StartedAt,
    int Concurrency,
    IReadOnlyList<Guid> RunningTaskIds,
    long Processed,
    long Failed,
    DateTimeOffset OccurredAt);
