namespace TaskQueue.Messaging.Contracts;

// RetryAt is set when another attempt has been scheduled; the task is then Retrying, not Failed.
public sealed record TaskFailed(
    Guid TaskId,
    int Attempt,
    string? WorkerId,
    string Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? RetryAt,
    DateTimeOffset OccurredAt) : ITaskOutcome;
