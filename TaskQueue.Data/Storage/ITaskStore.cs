using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// The writes whose SQL, locking or ordering differ between the database engines: everything
// else goes through EF Core and is the same on both. One implementation per engine
// (SqliteTaskStore, PostgreSqlTaskStore), chosen once by DataExtensions.AddTasksDbContext, so
// the services never ask which engine they run on.
public interface ITaskStore
{
    // Held around any other write (EF's SaveChanges, ExecuteUpdate): SQLite lets one writer in
    // at a time and this orders them; PostgreSQL needs nothing, and returns at once.
    Task<IDisposable> EnterWriteAsync(CancellationToken cancellationToken);

    // New tasks and the outbox rows that announce them, in one transaction.
    Task InsertTasksAsync(IReadOnlyList<TaskItem> tasks, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken);

    // Reads the tasks (with their attempts) that a batch of events names, lets `decide` apply
    // the events to them, and writes what it reports changed together with the dead letters,
    // in one transaction. Tasks not found (deleted) are absent from what `decide` sees.
    Task<TaskStateChanges> ApplyAsync(
        IReadOnlyCollection<Guid> taskIds, Func<IReadOnlyDictionary<Guid, TaskItem>, TaskStateChanges> decide,
        IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken);

    // Scheduled tasks whose RunAt has come (<= now), earliest first, up to `max`: each becomes
    // Queued with the outbox row `announce` makes for it, in one transaction. However many web
    // replicas ask at once, each task is promoted (and so published) by exactly one of them.
    Task<IReadOnlyList<TaskItem>> PromoteDueAsync(
        DateTimeOffset now, int max, Func<TaskItem, OutboxMessage> announce, CancellationToken cancellationToken);

    // Up to `max` outbox rows, oldest first, that this dispatcher alone may publish until the
    // claim is disposed. `afterId` is the highest row id the caller has claimed before.
    Task<OutboxClaim> ClaimOutboxAsync(long afterId, int max, CancellationToken cancellationToken);
}
