using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Services;

// A batch (the tasks of one POST /api/tasks/batch, sharing a BatchId) as one unit: its
// progress, and cancelling or retrying all of it in one transaction. A batch is its tasks:
// it has no row of its own, so it cannot disagree with them, and it is gone with its last task.
public sealed class BatchService(
    TasksDbContext db, ITaskStore store, OutboxSignal outbox, TaskChangeAnnouncer changes, TimeProvider timeProvider)
{
    public async Task<BatchSummary?> FindAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var rows = await Tasks(access, id)
            .GroupBy(task => task.Status)
            .Select(group => new { Status = group.Key, Count = group.Count(), CreatedAt = group.Min(task => task.CreatedAt), FinishedAt = group.Max(task => task.FinishedAt) })
            .ToListAsync(cancellationToken);
        return rows.Count == 0
            ? null
            : new BatchSummary(id, rows.ToDictionary(row => row.Status, row => row.Count), rows.Min(row => row.CreatedAt), rows.Max(row => row.FinishedAt));
    }

    // Newest first.
    public async Task<BatchPage> ListAsync(TaskAccess access, int page, int pageSize, CancellationToken cancellationToken)
    {
        var batches = TaskService.Visible(db.Tasks.AsNoTracking(), access).Where(task => task.BatchId != null)
            .GroupBy(task => task.BatchId!.Value)
            .Select(group => new { Id = group.Key, CreatedAt = group.Min(task => task.CreatedAt) });
        var total = await batches.CountAsync(cancellationToken);
        var ids = await batches.OrderByDescending(batch => batch.CreatedAt).ThenByDescending(batch => batch.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).Select(batch => batch.Id).ToListAsync(cancellationToken);

        var rows = await TaskService.Visible(db.Tasks.AsNoTracking(), access).Where(task => ids.Contains(task.BatchId!.Value))
            .GroupBy(task => new { BatchId = task.BatchId!.Value, task.Status })
            .Select(group => new
            {
                group.Key.BatchId, group.Key.Status, Count = group.Count(),
                CreatedAt = group.Min(task => task.CreatedAt), FinishedAt = group.Max(task => task.FinishedAt),
            })
            .ToListAsync(cancellationToken);
        var items = ids.Select(id => rows.Where(row => row.BatchId == id).ToList())
            .Where(batch => batch.Count > 0)
            .Select(batch => new BatchSummary(batch[0].BatchId, batch.ToDictionary(row => row.Status, row => row.Count),
                batch.Min(row => row.CreatedAt), batch.Max(row => row.FinishedAt)))
            .ToList();
        return new BatchPage(items, total, page, pageSize);
    }

    // Stops whatever of the batch has not ended, as cancelling each task would: Scheduled tasks
    // are Cancelled at once (the update holds only while they are still Scheduled, so it cannot
    // race the promoter), the others are asked to stop. Ended tasks are left as they are.
    public async Task<BatchSummary?> CancelAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        if (!await Tasks(access, id).AnyAsync(cancellationToken))
        {
            return null;
        }

        var now = timeProvider.GetUtcNow();
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await Tasks(access, id).Where(task => task.Status == TaskItemStatus.Scheduled)
                .ExecuteUpdateAsync(row => row
                    .SetProperty(t => t.Status, TaskItemStatus.Cancelled)
                    .SetProperty(t => t.FinishedAt, now)
                    .SetProperty(t => t.UpdatedAt, now), cancellationToken);
        }

        var inFlight = await Tasks(access, id)
            .Where(task => task.Status == TaskItemStatus.Queued || task.Status == TaskItemStatus.Running || task.Status == TaskItemStatus.Retrying)
            .ToListAsync(cancellationToken);
        db.Outbox.AddRange(inFlight.SelectMany(task => TaskMessages.CancellationRequested(task, now)));
        await SaveAndAnnounceAsync(access, id, cancellationToken);
        return await FindAsync(access, id, cancellationToken);
    }

    // A new run, with a fresh attempt budget, of each task of the batch that failed or was
    // cancelled; finished tasks keep their results.
    public async Task<BatchSummary?> RetryAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var ended = await TaskService.Visible(db.Tasks, access)
            .Where(task => task.BatchId == id && (task.Status == TaskItemStatus.Failed || task.Status == TaskItemStatus.Cancelled))
            .ToListAsync(cancellationToken);
        var now = timeProvider.GetUtcNow();
        db.Outbox.AddRange(ended.Select(task => TaskRestart.NewRun(task, now)));
        await SaveAndAnnounceAsync(access, id, cancellationToken);
        return await FindAsync(access, id, cancellationToken);
    }

    private IQueryable<TaskItem> Tasks(TaskAccess access, Guid id) =>
        TaskService.Visible(db.Tasks.AsNoTracking(), access).Where(task => task.BatchId == id);

    private async Task SaveAndAnnounceAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        outbox.Notify();
        changes.Announce(await Tasks(access, id).Select(task => task.Id).ToListAsync(cancellationToken));
    }
}

public sealed record BatchPage(IReadOnlyList<BatchSummary> Items, int Total, int Page, int PageSize);
