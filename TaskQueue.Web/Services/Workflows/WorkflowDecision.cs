using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Workflows;

// What a running workflow needs next, decided from its steps alone (WorkflowProgress).
public abstract record WorkflowDecision
{
    private WorkflowDecision()
    {
    }

    // Nothing to do until a step ends.
    public sealed record Wait : WorkflowDecision;

    // The step may start now, with this JSON ({"previous": …} or {"results": […]}).
    public sealed record Release(TaskItem Step, string Context) : WorkflowDecision;

    public sealed record End(WorkflowStatus Status, string? Result, string? Error) : WorkflowDecision;
}
