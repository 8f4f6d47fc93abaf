using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// What applying a batch of events changed: the tasks to rewrite, the executions to add, and
// the stored executions whose outcome changed.
public sealed record TaskStateChanges(
    IReadOnlyCollection<TaskItem> Tasks, IReadOnlyCollection<TaskAttempt> NewAttempts, IReadOnlyCollection<TaskAttempt> ChangedAttempts)
{
    public static TaskStateChanges None { get; } = new([], [], []);
}
