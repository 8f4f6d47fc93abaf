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

        var statusFilter = TaskListFilter.Check(status, page, pageSize, errors);
        return errors.IsEmpty
            ? new TaskQuery(statusFilter, context.GetArgument<string?>("type"), context.GetArgument<string?>("search"), page, pageSize)
            : null;
    }
}
