using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Apis;

// A workflow as the REST API shows it: taskIds in step order (a chord's callback last), the
// result as a JSON value, and each step still present with its live status.
public sealed record WorkflowDto(
    Guid Id,
    string Name,
    string Kind,
    WorkflowStatus Status,
    IReadOnlyList<Guid> TaskIds,
    JsonElement? Result,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt,
    IReadOnlyList<WorkflowStepDto>? Steps)
{
    public static WorkflowDto From(Workflow workflow, IReadOnlyList<TaskItem>? steps = null) => new(
        workflow.Id, workflow.Name, WorkflowKinds.ToApi(workflow.Kind), workflow.Status,
        JsonSerializer.Deserialize<List<Guid>>(workflow.TaskIds) ?? [],
        workflow.Result is null ? null : Parse(workflow.Result),
        workflow.Error, workflow.CreatedAt, workflow.FinishedAt,
        steps?.Select(WorkflowStepDto.From).ToList());

    public static WorkflowDto From(WorkflowView view) => From(view.Workflow, view.Steps);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record WorkflowStepDto(Guid TaskId, int Step, string Name, string Type, TaskItemStatus Status)
{
    public static WorkflowStepDto From(TaskItem task) => new(task.Id, task.WorkflowStep ?? 0, task.Name, task.Type, task.Status);
}

public sealed record WorkflowPageDto(IReadOnlyList<WorkflowDto> Items, int Total, int Page, int PageSize);
