using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

// Either the tasks that went in, or how long the caller must wait (the per-user rate limit).
public sealed record EnqueueResult(IReadOnlyList<TaskItem> Tasks, TimeSpan? RetryAfter)
{
    public static EnqueueResult Accepted(IReadOnlyList<TaskItem> tasks) => new(tasks, null);

    public static EnqueueResult RateLimited(TimeSpan retryAfter) => new([], retryAfter);
}
