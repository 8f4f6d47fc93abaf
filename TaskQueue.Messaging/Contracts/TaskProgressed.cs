namespace TaskQueue.Messaging.Contracts;

// Progress is a fraction from 0 to 1.
public sealed record TaskProgressed(
    Guid TaskId,
    int Attempt,
    double Progress,
    DateTimeOffset OccurredAt) : ITaskEvent;
