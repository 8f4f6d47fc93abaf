namespace TaskQueue.Messaging.Contracts;

public sealed record TaskStarted(
    Guid TaskId,
    int Attempt,
    string WorkerId,
    bool Redelivered,
    DateTimeOffset OccurredAt) : ITaskEvent;
