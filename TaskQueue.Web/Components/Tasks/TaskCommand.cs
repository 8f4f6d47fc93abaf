using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Tasks;

// The actions a user can take on tasks, with the words the UI uses for them.
public sealed record TaskCommand(string Verb, string PastTense, Func<TaskService, TaskAccess, Guid, CancellationToken, Task<TaskActionResult>> Run)
{
    public static readonly TaskCommand Cancel = new("Cancel", "cancelled", (tasks, access, id, ct) => tasks.CancelAsync(access, id, ct));
    public static readonly TaskCommand Retry = new("Retry", "retried", (tasks, access, id, ct) => tasks.RetryAsync(access, id, ct));
    public static readonly TaskCommand Delete = new("Delete", "deleted", (tasks, access, id, ct) => tasks.DeleteAsync(access, id, ct));
}
