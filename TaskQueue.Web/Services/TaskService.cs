using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Services;

// Everything the API and the UI do with tasks. Writes go to the database together with
// their outbox rows in one transaction; the sink alone records outcomes. Every call names
// who is asking: a task someone may not see is, to them, a task that does not exist.
public sealed class TaskService(
    TasksDbContext db, OutboxSignal outbox, TaskChangeAnnouncer changes, TimeProvider timeProvider, ITaskStore store,
    EnqueueRateLimiter rateLimiter, ScheduledTasksSignal scheduled, OutboxBundler bundler)
{
    // A batchId makes the tasks one batch (BatchService), followed, cancelled and retried as one.
    public async Task<EnqueueResult> EnqueueAsync(
        TaskAccess access, IReadOnlyList<NewTask> requests, CancellationToken cancellationToken, Guid? batchId = null)
    {
        if (rateLimiter.TryAcquire(access, requests.Count) is { } retryAfter)
        {
            return EnqueueResult.RateLimited(retryAfter);
        }

        var ownerId = access.UserId;
        var now = timeProvider.GetUtcNow();
        var traceId = Activity.Current?.TraceId.ToHexString();
        var tasks = requests.Select(request => new TaskItem
        {
            Status = StartsLater(request, now, out var runAt) ? TaskItemStatus.Scheduled : TaskItemStatus.Queued,
            RunAt = runAt,
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Type = request.Type,
            Input = request.Input.GetRawText(),
            MaxAttempts = request.MaxAttempts,
            Priority = request.Priority,
            BatchId = batchId,
            TimeoutSeconds = request.TimeoutSeconds,
            OwnerId = ownerId,
            TraceId = traceId,
            CreatedAt = now,
            UpdatedAt = now,
        }).ToList();

        // A Scheduled task gets its outbox row when ScheduledTaskPromoter queues it. The orders
        // are written as the messages that will carry them, one row a bundle: per task, an outbox
        // row was half of the insert's statements, and as many rows for the dispatcher to delete.
        var orders = tasks.Select((task, index) => (task, index)).Where(pair => pair.task.Status == TaskItemStatus.Queued)
            .Select(pair => TaskMessages.Queued(pair.task, requests[pair.index].Input, finalAttempt: pair.task.MaxAttempts, now)).ToList();
        await store.InsertTasksAsync(tasks, bundler.PackRows(orders), cancellationToken);

        outbox.Notify();
        if (orders.Count < tasks.Count)
        {
            scheduled.Notify();
        }

        changes.Announce(tasks.Select(task => task.Id).ToList(), workflowIds: []);
        return EnqueueResult.Accepted(tasks);
    }

    // A runAt already past, or a delay of 0, queues the task at once; RunAt still records it.
    private static bool StartsLater(NewTask request, DateTimeOffset now, out DateTimeOffset? runAt)
    {
        runAt = request.RunAt ?? (request.Delay is { } delay ? now + delay : null);
        return runAt > now;
    }

    public Task<TaskItem?> FindAsync(TaskAccess access, Guid id, CancellationToken cancellationToken) =>
        Visible(db.Tasks.AsNoTracking(), access).Include(task => task.Attempts).FirstOrDefaultAsync(task => task.Id == id, cancellationToken);

    public async Task<TaskPage> ListAsync(TaskAccess access, TaskQuery query, CancellationToken cancellationToken)
    {
        var tasks = Visible(db.Tasks.AsNoTracking(), access);
        if (query.Status is { } status)
        {
            tasks = tasks.Where(task => task.Status == status);
        }

        if (query.BatchId is { } batchId)
        {
            tasks = tasks.Where(task => task.BatchId == batchId);
        }

        if (!string.IsNullOrWhiteSpace(query.Type))
        {
            tasks = tasks.Where(task => task.Type == query.Type);
        }

        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var search = query.Search.Trim();
            tasks = Guid.TryParse(search, out var id)
                ? tasks.Where(task => task.Id == id)
                : tasks.Where(task => EF.Functions.Like(task.Name, $"%{EscapeLike(search)}%", "\\"));
        }

        var total = await tasks.CountAsync(cancellationToken);
        var items = await Sort(tasks, query.Sort, query.Descending)
            .Skip((query.Page - 1) * query.PageSize)
            .Take(query.PageSize)
            .ToListAsync(cancellationToken);
        return new TaskPage(items, total, query.Page, query.PageSize);
    }

    public async Task<IReadOnlyDictionary<TaskItemStatus, int>> CountByStatusAsync(TaskAccess access, CancellationToken cancellationToken)
    {
        var counts = await Visible(db.Tasks.AsNoTracking(), access)
            .GroupBy(task => task.Status)
            .Select(group => new { Status = group.Key, Count = group.Count() })
            .ToDictionaryAsync(row => row.Status, row => row.Count, cancellationToken);
        return Enum.GetValues<TaskItemStatus>().ToDictionary(status => status, status => counts.GetValueOrDefault(status));
    }

    // Idempotent: cancelling a cancelled task accepts again; a finished or failed one conflicts.
    public async Task<TaskActionResult> CancelAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var task = await Visible(db.Tasks, access).FirstOrDefaultAsync(task => task.Id == id, cancellationToken);
        if (task is null)
        {
            return TaskActionResult.NotFound;
        }

        if (task.Status is TaskItemStatus.Finished or TaskItemStatus.Failed)
        {
            return new TaskActionResult(TaskActionStatus.Conflict, task, $"The task is already {task.Status}.");
        }

        if (task.Status is TaskItemStatus.Scheduled or TaskItemStatus.Pending && await CancelScheduledAsync(task, cancellationToken))
        {
            return new TaskActionResult(TaskActionStatus.Accepted, task);
        }

        if (task.Status is not (TaskItemStatus.Cancelled or TaskItemStatus.Cancelling))
        {
            var now = timeProvider.GetUtcNow();
            db.Outbox.AddRange(TaskMessages.CancellationRequested(task, now));
            await SaveAsync(cancellationToken);
            outbox.Notify();
        }

        return new TaskActionResult(TaskActionStatus.Accepted, task);
    }

    // A Scheduled task (or a Pending workflow step) was never published, so it is cancelled at
    // once, in the database alone: the update holds only while the task is still in that status,
    // so it cannot race the promoter (or the workflow advancer). False when they got there
    // first; the task is then cancelled as a Queued one.
    private async Task<bool> CancelScheduledAsync(TaskItem task, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var unpublished = task.Status;
        int cancelled;
        using (await store.EnterWriteAsync(cancellationToken))
        {
            cancelled = await db.Tasks.Where(row => row.Id == task.Id && row.Status == unpublished)
                .ExecuteUpdateAsync(row => row
                    .SetProperty(t => t.Status, TaskItemStatus.Cancelled)
                    .SetProperty(t => t.FinishedAt, now)
                    .SetProperty(t => t.UpdatedAt, now), cancellationToken);
        }

        await db.Entry(task).ReloadAsync(cancellationToken);
        if (cancelled == 0)
        {
            return false;
        }

        changes.Announce([task.Id]);
        return true;
    }

    // A new run of a finished, failed or cancelled task, with a fresh attempt budget.
    public async Task<TaskActionResult> RetryAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var task = await Visible(db.Tasks, access).FirstOrDefaultAsync(task => task.Id == id, cancellationToken);
        if (task is null)
        {
            return TaskActionResult.NotFound;
        }

        if (!task.Status.IsTerminal())
        {
            return new TaskActionResult(TaskActionStatus.Conflict, task, $"The task is {task.Status}; only finished, failed or cancelled tasks can be retried.");
        }

        db.Outbox.Add(TaskRestart.NewRun(task, timeProvider.GetUtcNow()));
        await SaveAsync(cancellationToken);

        outbox.Notify();
        changes.Announce([task.Id]);
        return new TaskActionResult(TaskActionStatus.Accepted, task);
    }

    // A task still in flight is cancelled first, so no worker keeps running deleted work.
    public async Task<TaskActionResult> DeleteAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var task = await Visible(db.Tasks, access).FirstOrDefaultAsync(task => task.Id == id, cancellationToken);
        if (task is null)
        {
            return TaskActionResult.NotFound;
        }

        if (!task.Status.IsTerminal())
        {
            db.Outbox.AddRange(TaskMessages.CancellationRequested(task, timeProvider.GetUtcNow()));
        }

        db.Tasks.Remove(task);
        await SaveAsync(cancellationToken);
        outbox.Notify();
        changes.Announce([id]);
        return new TaskActionResult(TaskActionStatus.Accepted, task);
    }

    internal static IQueryable<TaskItem> Visible(IQueryable<TaskItem> tasks, TaskAccess access) =>
        access.IsAdmin ? tasks : tasks.Where(task => task.OwnerId == access.UserId);

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private static IQueryable<TaskItem> Sort(IQueryable<TaskItem> tasks, TaskSort sort, bool descending) => (sort, descending) switch
    {
        (TaskSort.Name, false) => tasks.OrderBy(task => task.Name).ThenBy(task => task.Id),
        (TaskSort.Name, true) => tasks.OrderByDescending(task => task.Name).ThenByDescending(task => task.Id),
        (TaskSort.Type, false) => tasks.OrderBy(task => task.Type).ThenBy(task => task.CreatedAt),
        (TaskSort.Type, true) => tasks.OrderByDescending(task => task.Type).ThenByDescending(task => task.CreatedAt),
        (TaskSort.Status, false) => tasks.OrderBy(task => task.Status).ThenBy(task => task.CreatedAt),
        (TaskSort.Status, true) => tasks.OrderByDescending(task => task.Status).ThenByDescending(task => task.CreatedAt),
        (TaskSort.FinishedAt, false) => tasks.OrderBy(task => task.FinishedAt).ThenBy(task => task.Id),
        (TaskSort.FinishedAt, true) => tasks.OrderByDescending(task => task.FinishedAt).ThenByDescending(task => task.Id),
        (_, false) => tasks.OrderBy(task => task.CreatedAt).ThenBy(task => task.Id),
        _ => tasks.OrderByDescending(task => task.CreatedAt).ThenByDescending(task => task.Id),
    };

    private static string EscapeLike(string text) =>
        text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
}
