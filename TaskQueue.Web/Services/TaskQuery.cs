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

public sealed record TaskPage(IReadOnlyList<TaskItem> Items, int Total, int Page, int PageSize)
{
    // The page as it is once these tasks are gone: what a list shows the moment a delete is
    // confirmed, before (or should it fail, instead of) its next load.
    public TaskPage Without(IReadOnlyCollection<Guid> deleted)
    {
        var kept = Items.Where(task => !deleted.Contains(task.Id)).ToList();
        return this with { Items = kept, Total = Math.Max(0, Total - (Items.Count - kept.Count)) };
    }
}
