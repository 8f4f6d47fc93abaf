using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

// Where a batch stands, counted from its tasks: how many there are in each status, and so how
// far it got. Running while any task has not ended; then Failed if any failed, Cancelled if
// any was cancelled, else Finished.
public sealed record BatchSummary(Guid Id, IReadOnlyDictionary<TaskItemStatus, int> Counts, DateTimeOffset CreatedAt, DateTimeOffset? LastFinishedAt)
{
    public int Total => Counts.Values.Sum();

    public int Count(TaskItemStatus status) => Counts.GetValueOrDefault(status);

    public int Ended => Count(TaskItemStatus.Finished) + Count(TaskItemStatus.Failed) + Count(TaskItemStatus.Cancelled);

    public BatchStatus Status =>
        Ended < Total ? BatchStatus.Running
        : Count(TaskItemStatus.Failed) > 0 ? BatchStatus.Failed
        : Count(TaskItemStatus.Cancelled) > 0 ? BatchStatus.Cancelled
        : BatchStatus.Finished;

    // When the last task ended; null while any is still in flight.
    public DateTimeOffset? FinishedAt => Status == BatchStatus.Running ? null : LastFinishedAt;
}

public enum BatchStatus
{
    Running,
    Finished,
    Failed,
    Cancelled,
}
