using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

// Turns an ended task into a new run: the next attempt, with a fresh attempt budget, queued
// again. Returns the outbox row to save with it.
internal static class TaskRestart
{
    public static OutboxMessage NewRun(TaskItem task, DateTimeOffset now)
    {
        var finalAttempt = task.Attempt + task.MaxAttempts;
        task.Attempt++;
        task.Status = TaskItemStatus.Queued;
        task.Result = null;
        task.Error = null;
        task.Progress = 0;
        task.WorkerId = null;
        task.StartedAt = null;
        task.FinishedAt = null;
        task.NextAttemptAt = null;
        task.UpdatedAt = now;
        return TaskMessages.Queued(task, finalAttempt, now);
    }
}
