using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Data.Model;

// One task: what was asked (type, input), where it stands (status, attempt, progress) and
// how it ended (result or error). Input and Result hold JSON text.
public sealed class TaskItem
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Type { get; set; } = "";
    public string Input { get; set; } = "{}";
    public TaskItemStatus Status { get; set; } = TaskItemStatus.Queued;
    public string? Result { get; set; }
    public string? Error { get; set; }
    public double Progress { get; set; }
    public int Attempt { get; set; } = 1;
    public int MaxAttempts { get; set; } = 3;
    public TaskPriority Priority { get; set; } = TaskPriority.Normal;
    public int TimeoutSeconds { get; set; }
    public string? WorkerId { get; set; }
    public string? OwnerId { get; set; }
    public string? TraceId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? NextAttemptAt { get; set; }

    // When a delayed task was asked to run (null for one queued at once). Kept after it ran,
    // so the task still shows what was asked.
    public DateTimeOffset? RunAt { get; set; }

    // The schedule that created this task and the occurrence it stands for (null when run by
    // hand with "trigger"). Unique together: the database itself fires each occurrence once.
    public Guid? ScheduleId { get; set; }
    public DateTimeOffset? OccurrenceAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }

    // The batch a task was created in (POST /api/tasks/batch), so the batch can be followed,
    // cancelled and retried as one; null for a task created on its own.
    public Guid? BatchId { get; set; }
    // A workflow's step: its position (a chain's order, a group member's index; a chord's
    // callback comes after its members) and the JSON it was released with ({"previous": …} or
    // {"results": […]}), kept so that a retry sends it again.
    public Guid? WorkflowId { get; set; }
    public int? WorkflowStep { get; set; }
    public string? WorkflowInput { get; set; }

    public List<TaskAttempt> Attempts { get; set; } = [];
}
