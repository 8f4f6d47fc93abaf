using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Schedules;

// The task a schedule creates: its task spec, owned by the schedule's owner, queued at once.
internal static class ScheduledRun
{
    public static TaskItem Create(Schedule schedule, DateTimeOffset? occurrence, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        Name = schedule.TaskName,
        Type = schedule.TaskType,
        Input = schedule.TaskInput,
        MaxAttempts = schedule.TaskMaxAttempts,
        TimeoutSeconds = schedule.TaskTimeoutSeconds,
        Priority = schedule.TaskPriority,
        OwnerId = schedule.OwnerId,
        Status = TaskItemStatus.Queued,
        ScheduleId = schedule.Id,
        OccurrenceAt = occurrence,
        CreatedAt = now,
        UpdatedAt = now,
    };
}
