namespace TaskQueue.Data.Model;

// Tasks run as one unit: a chain (each step gets the previous step's result), a group (all at
// once) or a chord (a group, then a callback that gets the group's results in order). The
// steps are ordinary tasks (TaskItem.WorkflowId, WorkflowStep); WorkflowAdvancer releases the
// Pending ones and records how the workflow ended. TaskIds and Result hold JSON text.
public sealed class Workflow
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public WorkflowKind Kind { get; set; }
    public WorkflowStatus Status { get; set; } = WorkflowStatus.Running;

    // The steps' ids in step order, kept here so a deleted step still counts (as cancelled).
    public string TaskIds { get; set; } = "[]";
    public int StepCount { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
    public string? OwnerId { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
