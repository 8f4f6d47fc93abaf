using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Sink.Events;

// Applies a batch of events in one transaction through the state machine, together with any
// dead letters to keep, and returns the ids of the tasks that changed. Events for unknown
// (deleted) tasks are dropped.
public sealed class EventApplier(IDbContextFactory<TasksDbContext> contextFactory, TimeProvider timeProvider)
{
    public async Task<IReadOnlyCollection<Guid>> ApplyAsync(
        IReadOnlyList<object> events, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && deadLetters.Count == 0)
        {
            return [];
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        // Copies, so a retried batch does not re-add entities an earlier attempt was tracking.
        db.DeadLetters.AddRange(deadLetters.Select(deadLetter => new DeadLetter
        {
            MessageId = deadLetter.MessageId,
            Type = deadLetter.Type,
            OriginalQueue = deadLetter.OriginalQueue,
            Reason = deadLetter.Reason,
            TaskId = deadLetter.TaskId,
            Body = deadLetter.Body,
            DeadLetteredAt = deadLetter.DeadLetteredAt,
        }));
        var ids = events.OfType<ITaskEvent>().Select(e => e.TaskId).Distinct().ToList();
        var tasks = await db.Tasks
            .Include(task => task.Attempts)
            .Where(task => ids.Contains(task.Id))
            .ToDictionaryAsync(task => task.Id, cancellationToken);

        var now = timeProvider.GetUtcNow();
        var changed = new HashSet<Guid>();
        foreach (var taskEvent in events.OfType<ITaskEvent>())
        {
            if (tasks.TryGetValue(taskEvent.TaskId, out var task)
                && TaskStateMachine.Apply(task, taskEvent, now) == TransitionResult.Applied)
            {
                changed.Add(task.Id);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        return changed;
    }
}
