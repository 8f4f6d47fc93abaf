using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Services.Workflows;

// Everything the API and the UI do with workflows. A workflow and all its steps go in with one
// transaction: the steps that may start at once as Queued with their outbox rows, the others
// Pending, for WorkflowAdvancer to release. Users see their own workflows, admins everyone's.
public sealed class WorkflowService(
    TasksDbContext db, ITaskStore store, OutboxSignal outbox, TaskChangeAnnouncer changes, TimeProvider timeProvider,
    EnqueueRateLimiter rateLimiter, WorkflowTransitions transitions)
{
    public async Task<WorkflowCreateResult> CreateAsync(TaskAccess access, NewWorkflow request, CancellationToken cancellationToken)
    {
        var requests = request.Callback is { } callback ? [.. request.Tasks, callback] : request.Tasks;
        if (rateLimiter.TryAcquire(access, requests.Count) is { } retryAfter)
        {
            return new WorkflowCreateResult(null, [], retryAfter);
        }

        var now = timeProvider.GetUtcNow();
        var traceId = Activity.Current?.TraceId.ToHexString();
        var workflow = new Workflow
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Kind = request.Kind,
            StepCount = requests.Count,
            OwnerId = access.UserId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var steps = requests.Select((step, index) => new TaskItem
        {
            Id = Guid.CreateVersion7(now),
            Name = step.Name,
            Type = step.Type,
            Input = step.Input.GetRawText(),
            Status = StartsAtOnce(request.Kind, index, requests.Count) ? TaskItemStatus.Queued : TaskItemStatus.Pending,
            MaxAttempts = step.MaxAttempts,
            TimeoutSeconds = step.TimeoutSeconds,
            Priority = step.Priority,
            OwnerId = access.UserId,
            TraceId = traceId,
            CreatedAt = now,
            UpdatedAt = now,
            WorkflowId = workflow.Id,
            WorkflowStep = index,
        }).ToList();
        workflow.TaskIds = JsonSerializer.Serialize(steps.Select(step => step.Id));

        db.Workflows.Add(workflow);
        db.Tasks.AddRange(steps);
        db.Outbox.AddRange(steps.Where(step => step.Status == TaskItemStatus.Queued)
            .Select(step => TaskMessages.Queued(step, finalAttempt: step.MaxAttempts, now)));
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }

        outbox.Notify();
        changes.Announce(steps.Select(step => step.Id).ToList());
        return new WorkflowCreateResult(workflow, steps.Select(step => step.Id).ToList(), null);
    }

    // A chain's first step, every group member and every chord member; not a chain's later
    // steps, nor a chord's callback (the last step).
    private static bool StartsAtOnce(WorkflowKind kind, int index, int count) => kind switch
    {
        WorkflowKind.Chain => index == 0,
        WorkflowKind.Chord => index < count - 1,
        _ => true,
    };

    public async Task<WorkflowView?> FindAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var workflow = await Visible(access).FirstOrDefaultAsync(workflow => workflow.Id == id, cancellationToken);
        if (workflow is null)
        {
            return null;
        }

        var steps = await db.Tasks.AsNoTracking().Where(task => task.WorkflowId == id).OrderBy(task => task.WorkflowStep)
            .ToListAsync(cancellationToken);
        return new WorkflowView(workflow, steps);
    }

    // For a task's page, which names the workflow the task is a step of.
    public Task<string?> FindNameAsync(TaskAccess access, Guid id, CancellationToken cancellationToken) =>
        Visible(access).Where(workflow => workflow.Id == id).Select(workflow => workflow.Name).FirstOrDefaultAsync(cancellationToken);

    public async Task<(IReadOnlyList<Workflow> Items, int Total)> ListAsync(TaskAccess access, int page, int pageSize, CancellationToken cancellationToken)
    {
        var workflows = Visible(access);
        var total = await workflows.CountAsync(cancellationToken);
        var items = await workflows.OrderByDescending(workflow => workflow.CreatedAt).ThenByDescending(workflow => workflow.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return (items, total);
    }

    // Idempotent, like cancelling a task: a cancelled workflow accepts again; one that
    // finished or failed conflicts.
    public async Task<WorkflowCancelResult> CancelAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        if (!await Visible(access).AnyAsync(workflow => workflow.Id == id, cancellationToken))
        {
            return WorkflowCancelResult.NotFound;
        }

        await transitions.EndAsync(id, WorkflowStatus.Cancelled, null, "Cancelled by the user.", stopActive: true, cancellationToken);
        var workflow = await Visible(access).FirstAsync(workflow => workflow.Id == id, cancellationToken);
        return workflow.Status == WorkflowStatus.Cancelled
            ? new WorkflowCancelResult(TaskActionStatus.Accepted, workflow)
            : new WorkflowCancelResult(TaskActionStatus.Conflict, workflow, $"The workflow is already {workflow.Status}.");
    }

    private IQueryable<Workflow> Visible(TaskAccess access) =>
        access.IsAdmin ? db.Workflows.AsNoTracking() : db.Workflows.AsNoTracking().Where(workflow => workflow.OwnerId == access.UserId);
}

public sealed record WorkflowCreateResult(Workflow? Workflow, IReadOnlyList<Guid> TaskIds, TimeSpan? RetryAfter);

public sealed record WorkflowView(Workflow Workflow, IReadOnlyList<TaskItem> Steps);

public sealed record WorkflowCancelResult(TaskActionStatus Status, Workflow? Workflow = null, string? Reason = null)
{
    public static readonly WorkflowCancelResult NotFound = new(TaskActionStatus.NotFound);
}
