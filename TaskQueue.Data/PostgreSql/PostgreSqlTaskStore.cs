using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

// PostgreSQL has no global write lock and needs none here. Correctness comes from
// transactions plus the attempt fence: the sink locks the rows of the tasks a batch names
// (SELECT … FOR UPDATE, in id order) before the state machine reads them, so sinks running
// side by side apply one task's events one batch at a time, each on what the previous one
// committed, and the state machine's fence (a stale attempt or a terminal task changes
// nothing) makes redelivered and duplicated events harmless. Row locks rather than optimistic
// concurrency because a conflict is then a short wait, not a failed batch to apply again.
// Outbox rows are claimed with FOR UPDATE SKIP LOCKED (PostgreSqlOutboxClaim).
public sealed class PostgreSqlTaskStore(IDbContextFactory<TasksDbContext> contextFactory) : ITaskStore
{
    private static readonly Task<IDisposable> s_noGate = Task.FromResult<IDisposable>(new NoGate());

    public Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken) => s_noGate;

    public async Task InsertTasksAsync(IReadOnlyList<TaskItem> tasks, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await PostgreSqlTaskInserter.InsertAsync(connection, transaction, tasks, outbox, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    public async Task<TaskStateChanges> ApplyAsync(
        IReadOnlyCollection<Guid> taskIds, Func<IReadOnlyDictionary<Guid, TaskItem>, TaskStateChanges> decide,
        IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var connection = await OpenAsync(db, cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var tasks = await PostgreSqlTaskStateReader.ReadAndLockAsync(connection, transaction, taskIds, cancellationToken);
        var changes = decide(tasks);
        await PostgreSqlTaskStateWriter.WriteAsync(connection, transaction, changes, deadLetters, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return changes;
    }

    // Due rows are locked with SKIP LOCKED: replicas promoting at the same moment take disjoint
    // rows, and a row another replica holds is left to it. A cancellation's UPDATE of a
    // Scheduled task waits for such a lock and rechecks the status after it, so it never
    // cancels a task that was promoted meanwhile (it then cancels it the usual way).
    public async Task<IReadOnlyList<TaskItem>> PromoteDueAsync(
        DateTimeOffset now, int max, Func<TaskItem, OutboxMessage> announce, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // 'Scheduled' is a literal so the planner can use the partial index IX_Tasks_DueScheduled.
        var due = await db.Tasks.FromSql($"""
            SELECT * FROM "Tasks" WHERE "Status" = 'Scheduled' AND "RunAt" <= {now.UtcTicks}
            ORDER BY "RunAt" LIMIT {max} FOR UPDATE SKIP LOCKED
            """).ToListAsync(cancellationToken);
        ScheduledTaskPromotion.Promote(db, due, announce, now);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return due;
    }

    // Ids come from a sequence and transactions commit in any order, so a row with a lower id
    // can appear after a higher one was read: every claim reads from the oldest unlocked row.
    public Task<OutboxClaim> ClaimOutboxAsync(long afterId, int max, CancellationToken cancellationToken) =>
        PostgreSqlOutboxClaim.ClaimAsync(contextFactory, max, cancellationToken);

    private static async Task<NpgsqlConnection> OpenAsync(TasksDbContext db, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        return (NpgsqlConnection)db.Database.GetDbConnection();
    }

    private sealed class NoGate : IDisposable
    {
        public void Dispose()
        {
        }
    }
}
