using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;


namespace TaskQueue.Web.Apis;

// A task as the REST API shows it (design.md's contract). Input and result are JSON values,
// not strings holding JSON.
public sealed record TaskDto(
    Guid Id,
    string Name,
    string Type,
    JsonElement Input,
    TaskItemStatus Status,
    JsonElement? Result,
    string? Error,
    double Progress,
    int Attempt,
    int MaxAttempts,
    int TimeoutSeconds,
    string Priority,
    string? WorkerId,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    DateTimeOffset? NextAttemptAt,
    DateTimeOffset? RunAt,
    Guid? BatchId,
    Guid? ScheduleId,
    DateTimeOffset? OccurrenceAt,
    string? TraceId,
    IReadOnlyList<TaskAttemptDto>? Attempts,
    Guid? WorkflowId = null)
{
    public static TaskDto From(TaskItem task, bool withAttempts = false) => new(
        task.Id, task.Name, task.Type, Parse(task.Input), task.Status,
        task.Result is null ? null : Parse(task.Result),
        task.Error, task.Progress, task.Attempt, task.MaxAttempts, task.TimeoutSeconds, task.Priority.ToName(), task.WorkerId,
        task.CreatedAt, task.StartedAt, task.FinishedAt, task.NextAttemptAt, task.RunAt, task.BatchId, task.ScheduleId, task.OccurrenceAt, task.TraceId,
        withAttempts ? task.Attempts.OrderBy(a => a.StartedAt).Select(TaskAttemptDto.From).ToList() : null,
        task.WorkflowId);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}

public sealed record TaskAttemptDto(int Attempt, string? WorkerId, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, AttemptOutcome Outcome, string? Error, bool Redelivered)
{
    public static TaskAttemptDto From(TaskAttempt attempt) =>
        new(attempt.Attempt, attempt.WorkerId, attempt.StartedAt, attempt.FinishedAt, attempt.Outcome, attempt.Error, attempt.Redelivered);
}

public sealed record TaskPageDto(IReadOnlyList<TaskDto> Items, int Total, int Page, int PageSize);
