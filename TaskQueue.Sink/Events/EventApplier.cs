using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Sink.Storage;

namespace TaskQueue.Sink.Events;

// Applies a batch of events in one transaction through the state machine, together with any
// dead letters to keep, and returns the ids of the tasks that changed. Events for unknown
// (deleted) tasks are dropped. Reading happens before the write lock is taken, so other
// writers (the web app's inserts) wait only for the writes: the sink is the only writer of
// running tasks' state, and the web app changes only terminal tasks (retry), on which the
// state machine applies nothing; a task deleted meanwhile fails the batch, which is retried.
public sealed class EventApplier(IDbContextFactory<TasksDbContext> contextFactory, DatabaseWriteGate writeGate, TimeProvider timeProvider)
{
    public async Task<IReadOnlyCollection<Guid>> ApplyAsync(
        IReadOnlyList<object> events, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && deadLetters.Count == 0)
        {
            return [];
        }

        // The context only lends its configured connection (pragmas, busy timeout); no tracking.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        var ids = events.OfType<ITaskEvent>().Select(e => e.TaskId).ToHashSet();
        Dictionary<Guid, TaskItem> tasks;
        await using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            tasks = await TaskStateReader.ReadAsync(connection, snapshot, ids, cancellationToken);
        }

        var before = tasks.Values.SelectMany(task => task.Attempts)
            .ToDictionary(attempt => attempt, AttemptState.Of);

        var now = timeProvider.GetUtcNow();
        var changed = new HashSet<TaskItem>();
        foreach (var taskEvent in events.OfType<ITaskEvent>())
        {
            if (tasks.TryGetValue(taskEvent.TaskId, out var task)
                && TaskStateMachine.Apply(task, taskEvent, now) == TransitionResult.Applied)
            {
                changed.Add(task);
            }
        }

        var attempts = changed.SelectMany(task => task.Attempts).ToList();
        // Microsoft.Data.Sqlite is synchronous underneath; its async methods are the same calls.
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await TaskStateWriter.UpdateTasksAsync(connection, transaction, changed, cancellationToken);
        await TaskStateWriter.InsertAttemptsAsync(connection, transaction, attempts.Where(a => !before.ContainsKey(a)).ToList(), cancellationToken);
        await TaskStateWriter.UpdateAttemptsAsync(connection, transaction,
            attempts.Where(a => before.TryGetValue(a, out var state) && state != AttemptState.Of(a)).ToList(), cancellationToken);
        await TaskStateWriter.InsertDeadLettersAsync(connection, transaction, deadLetters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changed.Select(task => task.Id).ToList();
    }

    // What the state machine may change on an attempt already stored.
    private readonly record struct AttemptState(AttemptOutcome Outcome, DateTimeOffset? FinishedAt, string? Error)
    {
        public static AttemptState Of(TaskAttempt attempt) => new(attempt.Outcome, attempt.FinishedAt, attempt.Error);
    }
}
