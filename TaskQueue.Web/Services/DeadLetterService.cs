using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Services;

// Dead letters as the sink recorded them: list, requeue (a task runs again as a new
// attempt; an event goes back to the sink) or discard.
public sealed class DeadLetterService(TasksDbContext db, TaskService tasks, OutboxSignal outbox, TimeProvider timeProvider)
{
    public async Task<(IReadOnlyList<DeadLetter> Items, int Total)> ListAsync(int page, int pageSize, CancellationToken cancellationToken)
    {
        var total = await db.DeadLetters.CountAsync(cancellationToken);
        var items = await db.DeadLetters.AsNoTracking()
            .OrderByDescending(deadLetter => deadLetter.Id)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        return (items, total);
    }

    public async Task<TaskActionResult> RequeueAsync(TaskAccess access, long id, CancellationToken cancellationToken)
    {
        var deadLetter = await db.DeadLetters.FindAsync([id], cancellationToken);
        if (deadLetter is null)
        {
            return TaskActionResult.NotFound;
        }

        if (deadLetter.TaskId is { } taskId)
        {
            var retried = await tasks.RetryAsync(access, taskId, cancellationToken);
            if (retried.Status != TaskActionStatus.Accepted)
            {
                return retried with { Reason = retried.Reason ?? "The task no longer exists." };
            }
        }
        else if (deadLetter.Type is { } type && type.StartsWith("Task", StringComparison.Ordinal) && type != nameof(TaskQueued))
        {
            db.Outbox.Add(new OutboxMessage
            {
                Exchange = Topology.EventsExchange,
                RoutingKey = Topology.EventRoutingKey(type),
                Type = type,
                Body = deadLetter.Body,
                MessageId = deadLetter.MessageId ?? Guid.NewGuid().ToString("N"),
                CreatedAt = timeProvider.GetUtcNow(),
            });
        }
        else
        {
            return new TaskActionResult(TaskActionStatus.Conflict, Reason: $"A message of type '{deadLetter.Type ?? "(none)"}' names no task and cannot be requeued; discard it.");
        }

        db.DeadLetters.Remove(deadLetter);
        await db.SaveChangesAsync(cancellationToken);
        outbox.Notify();
        return new TaskActionResult(TaskActionStatus.Accepted);
    }

    public async Task<bool> DiscardAsync(long id, CancellationToken cancellationToken) =>
        await db.DeadLetters.Where(deadLetter => deadLetter.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
}
