using GraphQL;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.GraphQL;

// What a resolver needs from the HTTP request it runs in: the request's TaskService (and
// so its DbContext) and who is asking, exactly as a REST handler gets them.
public static class CallerContext
{
    public static TaskService Tasks(this IResolveFieldContext context) => context.RequestServices!.GetRequiredService<TaskService>();

    public static TaskAccess Access(this IResolveFieldContext context) => TaskAccess.From(context.User!);
}
