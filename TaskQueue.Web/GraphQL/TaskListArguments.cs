using GraphQL;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.GraphQL;

// The tasks query's arguments, checked as GET /api/tasks checks its query string, with the
// same messages. Newest first, as the REST API's default order.
public static class TaskListArguments
{
    public static TaskQuery? Read(IResolveFieldContext context, InputErrors errors)
    {
        var status = context.GetArgument<string?>("status");
        var page = context.GetArgument("page", 1);
        var pageSize = context.GetArgument("pageSize", 50);

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

        if (pageSize is < 1 or > TasksApi.MaxPageSize)
        {
            errors.Add("pageSize", $"pageSize must be from 1 to {TasksApi.MaxPageSize}.");
        }

        return errors.IsEmpty
            ? new TaskQuery(statusFilter, context.GetArgument<string?>("type"), context.GetArgument<string?>("search"), page, pageSize)
            : null;
    }
}
