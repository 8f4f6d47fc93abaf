using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// What promoting a due Scheduled task means on every engine: it becomes Queued and its outbox
// row is added to the same unit of work, so it is published if and only if it was promoted.
internal static class ScheduledTaskPromotion
{
    public static void Promote(TasksDbContext db, IReadOnlyList<TaskItem> due, Func<TaskItem, OutboxMessage> announce, DateTimeOffset now)
    {
        foreach (var task in due)
        {
            task.Status = TaskItemStatus.Queued;
            task.UpdatedAt = now;
            db.Outbox.Add(announce(task));
        }
    }
}
