namespace TaskQueue.Messaging.Contracts;

// Sent by a worker once a running (or received but cancelled) task has stopped.
public sealed record TaskCancelled(
    Guid TaskId,
    int Attempt,
    string? WorkerId,
    DateTimeOffset OccurredAt) : ITaskOutcome;
