using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Tasks;

// The actions a user can take on tasks, with the words the UI uses for them.
public sealed record TaskCommand(string Verb, string PastTense, Func<TaskService, Guid, CancellationToken, Task<TaskActionResult>> Run)
{
    public static readonly TaskCommand Cancel = new("Cancel", "cancelled", (tasks, id, ct) => tasks.CancelAsync(id, ct));
    public static readonly TaskCommand Retry = new("Retry", "retried", (tasks, id, ct) => tasks.RetryAsync(id, ct));
    public static readonly TaskCommand Delete = new("Delete", "deleted", (tasks, id, ct) => tasks.DeleteAsync(id, ct));
}
