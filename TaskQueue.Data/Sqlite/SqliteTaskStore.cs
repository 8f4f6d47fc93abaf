using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

// SQLite lets one writer in at a time, across every process that opens the file: writers queue
// on DatabaseWriteGate, and the sink reads a batch's tasks before it takes the gate, so other
// writers wait only for its writes. That read outside the lock is safe because the sink is the
// only writer of running tasks' state, and the web app changes only terminal tasks (retry), on
// which the state machine applies nothing; a task deleted meanwhile fails the batch, which is
// retried.
public sealed class SqliteTaskStore(IDbContextFactory<TasksDbContext> contextFactory, DatabaseWriteGate writeGate) : ITaskStore
{
    private readonly RecentOutboxRows _recentOutbox = new();

    public async Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => await writeGate.EnterAsync(cancellationToken);

    public async Task InsertTasksAsync(IReadOnlyList<TaskItem> tasks, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAheadAsync(cancellationToken))
        {
            await SqliteTaskInserter.InsertAsync(db, tasks, outbox, cancellationToken);
            _recentOutbox.Add(outbox);
        }
    }

    public async Task<TaskStateChanges> ApplyAsync(
        IReadOnlyCollection<Guid> taskIds, Func<IReadOnlyDictionary<Guid, TaskItem>, TaskStateChanges> decide,
        IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        // The context only lends its configured connection (pragmas, busy timeout); no tracking.
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var connection = (SqliteConnection)db.Database.GetDbConnection();
        Dictionary<Guid, TaskItem> tasks;
        await using (var snapshot = connection.BeginTransaction(deferred: true))
        {
            tasks = await SqliteTaskStateReader.ReadAsync(connection, snapshot, taskIds, cancellationToken);
        }

        var changes = decide(tasks);
        // Microsoft.Data.Sqlite is synchronous underneath; its async methods are the same calls.
        using var writing = await writeGate.EnterAsync(cancellationToken);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await SqliteTaskStateWriter.UpdateTasksAsync(connection, transaction, changes.Tasks, cancellationToken);
        await SqliteTaskStateWriter.InsertAttemptsAsync(connection, transaction, changes.NewAttempts, cancellationToken);
        await SqliteTaskStateWriter.UpdateAttemptsAsync(connection, transaction, changes.ChangedAttempts, cancellationToken);
        await SqliteTaskStateWriter.InsertDeadLettersAsync(connection, transaction, deadLetters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    // The gate makes the read and the update one step for every writer of the file, so a task
    // is promoted once, and never after a cancellation committed.
    public async Task<IReadOnlyList<TaskItem>> PromoteDueAsync(
        DateTimeOffset now, int max, Func<TaskItem, OutboxMessage> announce, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var due = await db.Tasks.Where(task => task.Status == TaskItemStatus.Scheduled && task.RunAt <= now)
                .OrderBy(task => task.RunAt).Take(max).ToListAsync(cancellationToken);
            ScheduledTaskPromotion.Promote(db, due, announce, now);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return due;
        }
    }

    // Row ids only grow (AUTOINCREMENT) and SQLite commits one writer at a time, so every row
    // committed after a read has a higher id than the rows that read saw: reading on from the
    // last id claimed never misses a row. One dispatcher per database file (the one web app).
    public async Task<OutboxClaim> ClaimOutboxAsync(long afterId, int max, CancellationToken cancellationToken)
    {
        if (_recentOutbox.TakeAfter(afterId, max) is { } recent)
        {
            return new SqliteOutboxClaim(recent, contextFactory, writeGate);
        }

        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        var rows = await SqliteOutboxRows.ReadAfterAsync((SqliteConnection)db.Database.GetDbConnection(), afterId, max, cancellationToken);
        return new SqliteOutboxClaim(rows, contextFactory, writeGate);
    }
}
