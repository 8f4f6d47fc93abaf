using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

// Rows read by the one dispatcher of the database: nothing is held, so rows of several claims
// are deleted together, each delete a short write under the gate.
internal sealed class SqliteOutboxClaim(
    IReadOnlyList<OutboxMessage> messages, IDbContextFactory<TasksDbContext> contextFactory, DatabaseWriteGate writeGate)
    : OutboxClaim(messages)
{
    public override bool DeletesTogetherWith(OutboxClaim other) => other is SqliteOutboxClaim;

    public override async Task DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        await db.Database.OpenConnectionAsync(cancellationToken);
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await SqliteOutboxRows.DeleteAsync((SqliteConnection)db.Database.GetDbConnection(), ids, cancellationToken);
        }
    }

    public override ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
