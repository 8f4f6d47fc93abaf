using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Apis;

// The checks a task list's status, page and page size get, with their messages: the same for
// GET /api/tasks and the GraphQL tasks query.
public static class TaskListFilter
{
    public const int MaxPageSize = 500;

    public static TaskItemStatus? Check(string? status, int page, int pageSize, InputErrors errors)
    {
        TaskItemStatus? statusFilter = null;
        if (!string.IsNullOrWhiteSpace(status))
        {
            if (Enum.TryParse<TaskItemStatus>(status, ignoreCase: true, out var parsedStatus) && !int.TryParse(status, out _))
            {
                statusFilter = parsedStatus;
            }
            else
            {
                errors.Add("status", $"Unknown status '{status}': use one of {string.Join(", ", Enum.GetNames<TaskItemStatus>())}.");
            }
        }

        if (page < 1)
        {
            errors.Add("page", "page must be 1 or more.");
        }

        if (pageSize is < 1 or > MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be from 1 to {MaxPageSize}.");
        }

        return statusFilter;
    }
}
