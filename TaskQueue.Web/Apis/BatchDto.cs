using TaskQueue.Data.Model;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

// A batch as the REST API shows it: its tasks counted by status (every status, zeros
// included, so clients need no defaults), and how far it got.
public sealed record BatchDto(
    Guid Id,
    BatchStatus Status,
    int Total,
    int Finished,
    int Failed,
    int Cancelled,
    int InFlight,
    IReadOnlyDictionary<string, int> Counts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    public static BatchDto From(BatchSummary batch) => new(
        batch.Id,
        batch.Status,
        batch.Total,
        batch.Count(TaskItemStatus.Finished),
        batch.Count(TaskItemStatus.Failed),
        batch.Count(TaskItemStatus.Cancelled),
        batch.Total - batch.Ended,
        Enum.GetValues<TaskItemStatus>().ToDictionary(status => status.ToString(), batch.Count),
        batch.CreatedAt,
        batch.FinishedAt);
}

public sealed record BatchPageDto(IReadOnlyList<BatchDto> Items, int Total, int Page, int PageSize);
