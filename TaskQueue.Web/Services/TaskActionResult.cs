using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

public enum TaskActionStatus
{
    Accepted,
    NotFound,
    Conflict,
}

public sealed record TaskActionResult(TaskActionStatus Status, TaskItem? Task = null, string? Reason = null)
{
    public static readonly TaskActionResult NotFound = new(TaskActionStatus.NotFound);
}
