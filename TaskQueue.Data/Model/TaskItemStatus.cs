namespace TaskQueue.Data.Model;

// Stored and served as these names (the REST contract). Finished, Failed and Cancelled are terminal.
// Scheduled: a delayed task waiting in the database for its RunAt, not yet on the broker.
// Pending: a workflow step waiting in the database for earlier steps, not yet on the broker.
public enum TaskItemStatus
{
    Scheduled,
    Pending,
    Queued,
    Running,
    Retrying,
    Cancelling,
    Finished,
    Failed,
    Cancelled,
}

public static class TaskItemStatusExtensions
{
    public static bool IsTerminal(this TaskItemStatus status) =>
        status is TaskItemStatus.Finished or TaskItemStatus.Failed or TaskItemStatus.Cancelled;
}
