using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

public enum TaskSort
{
    CreatedAt,
    Name,
    Type,
    Status,
    FinishedAt,
}

public sealed record TaskQuery(
    TaskItemStatus? Status = null,
    string? Type = null,
    string? Search = null,
    int Page = 1,
    int PageSize = 50,
    TaskSort Sort = TaskSort.CreatedAt,
    bool Descending = true,
    Guid? BatchId = null);

public sealed record TaskPage(IReadOnlyList<TaskItem> Items, int Total, int Page, int PageSize);
