using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Apis;

// "high", "normal" or "low", in any case; absent means normal.
public static class TaskPriorityParser
{
    public static TaskPriority Parse(string? priority, InputErrors errors, string prefix)
    {
        if (priority is null)
        {
            return TaskPriority.Normal;
        }

        switch (priority.Trim().ToLowerInvariant())
        {
            case "high":
                return TaskPriority.High;
            case "normal":
                return TaskPriority.Normal;
            case "low":
                return TaskPriority.Low;
            default:
                errors.Add($"{prefix}priority", $"Unknown priority '{priority}': use one of high, normal, low.");
                return TaskPriority.Normal;
        }
    }
}
