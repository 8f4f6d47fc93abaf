namespace TaskQueue.Messaging.Contracts;

// Published by the web app both to the sink (to record it) and to every worker (to stop it).
public sealed record TaskCancellationRequested(
    Guid TaskId,
    int Attempt,
    DateTimeOffset OccurredAt) : ITaskEvent;
