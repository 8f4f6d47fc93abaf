using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;

namespace TaskQueue.Web.Services.Workflows;

// The writes that move a workflow on, each one transaction that starts with a conditional
// update of the workflow's row (WHERE Status = 'Running'). On PostgreSQL that update holds the
// row's lock to the end, so the web replicas' advancers and a user's cancel act on one workflow
// one at a time, each seeing what the one before committed; on SQLite the write gate orders
// them. A step is released by a second conditional update (WHERE Status = 'Pending') with its
// outbox row: whoever finds it no longer Pending rolls back, so a step is published once.
public sealed class WorkflowTransitions(
    IDbContextFactory<TasksDbContext> contextFactory, ITaskStore store, OutboxSignal outbox, TaskChangeAnnouncer changes,
    TimeProvider timeProvider)
{
    public async Task<bool> ReleaseAsync(Guid workflowId, TaskItem step, string context, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (await HoldRunningAsync(db, workflowId, now, cancellationToken) == 0 || await db.Tasks
                    .Where(task => task.Id == step.Id && task.Status == TaskItemStatus.Pending)
                    .ExecuteUpdateAsync(task => task
                        .SetProperty(t => t.Status, TaskItemStatus.Queued)
                        .SetProperty(t => t.WorkflowInput, context)
                        .SetProperty(t => t.UpdatedAt, now), cancellationToken) == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            step.WorkflowInput = context;
            db.Outbox.Add(TaskMessages.Queued(step, finalAttempt: step.Attempt + step.MaxAttempts - 1, now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Notify();
        changes.Announce([step.Id]);
        return true;
    }

    // Records how the workflow ended. Its Pending steps never run: they become Cancelled in the
    // same transaction. With `stopActive` (a user's cancel), steps on the broker or running are
    // asked to stop the way TaskService.CancelAsync asks. False when it had already ended.
    public async Task<bool> EndAsync(
        Guid workflowId, WorkflowStatus status, string? result, string? error, bool stopActive, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        List<TaskItem> steps;
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var ended = await db.Workflows.Where(workflow => workflow.Id == workflowId && workflow.Status == WorkflowStatus.Running)
                .ExecuteUpdateAsync(workflow => workflow
                    .SetProperty(w => w.Status, status)
                    .SetProperty(w => w.Result, result)
                    .SetProperty(w => w.Error, error)
                    .SetProperty(w => w.FinishedAt, now)
                    .SetProperty(w => w.UpdatedAt, now), cancellationToken);
            if (ended == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                return false;
            }

            // Read after the update, so a step another replica released just before is seen Queued.
            steps = await db.Tasks.AsNoTracking().Where(task => task.WorkflowId == workflowId).ToListAsync(cancellationToken);
            await db.Tasks.Where(task => task.WorkflowId == workflowId && task.Status == TaskItemStatus.Pending)
                .ExecuteUpdateAsync(task => task
                    .SetProperty(t => t.Status, TaskItemStatus.Cancelled)
                    .SetProperty(t => t.FinishedAt, now)
                    .SetProperty(t => t.UpdatedAt, now), cancellationToken);
            if (stopActive)
            {
                db.Outbox.AddRange(steps.Where(IsActive).SelectMany(step => TaskMessages.CancellationRequested(step, now)));
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Notify();
        changes.Announce(steps.Select(step => step.Id).ToList());
        return true;
    }

    private static bool IsActive(TaskItem step) =>
        step.Status is TaskItemStatus.Queued or TaskItemStatus.Running or TaskItemStatus.Retrying;

    private static Task<int> HoldRunningAsync(TasksDbContext db, Guid workflowId, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Workflows.Where(workflow => workflow.Id == workflowId && workflow.Status == WorkflowStatus.Running)
            .ExecuteUpdateAsync(workflow => workflow.SetProperty(w => w.UpdatedAt, now), cancellationToken);
}
