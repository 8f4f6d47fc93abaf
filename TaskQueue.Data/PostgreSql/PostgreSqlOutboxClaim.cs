using Microsoft.EntityFrameworkCore;
using Npgsql;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

// Outbox rows locked by an open transaction (FOR UPDATE SKIP LOCKED) for as long as their
// dispatcher is publishing them: another dispatcher (another web replica, or this one's next
// read) skips them, so no row is published by two at once. Confirmed rows are deleted in the
// same transaction, which commits when the claim is disposed; a dispatcher that dies loses its
// connection, PostgreSQL rolls the transaction back, and the rows are free for the others.
internal sealed class PostgreSqlOutboxClaim : OutboxClaim
{
    private const string SelectUnclaimed = """
        SELECT "Id", "Exchange", "RoutingKey", "Type", "Body", "MessageId", "TraceParent", "CreatedAt"
        FROM "Outbox" ORDER BY "Id" LIMIT $1 FOR UPDATE SKIP LOCKED
        """;

    private const string DeleteRows = """DELETE FROM "Outbox" WHERE "Id" = ANY($1)""";

    private readonly TasksDbContext _db;
    private readonly NpgsqlTransaction _transaction;

    private PostgreSqlOutboxClaim(IReadOnlyList<OutboxMessage> messages, TasksDbContext db, NpgsqlTransaction transaction) : base(messages)
    {
        _db = db;
        _transaction = transaction;
    }

    public static async Task<OutboxClaim> ClaimAsync(IDbContextFactory<TasksDbContext> contextFactory, int max, CancellationToken cancellationToken)
    {
        var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            var transaction = await connection.BeginTransactionAsync(cancellationToken);
            List<OutboxMessage> rows;
            await using (var select = new NpgsqlCommand(SelectUnclaimed, connection, transaction) { Parameters = { new() { Value = max } } })
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                rows = await OutboxRowReader.ReadAllAsync(reader, cancellationToken);
            }

            return new PostgreSqlOutboxClaim(rows, db, transaction);
        }
        catch
        {
            await db.DisposeAsync();
            throw;
        }
    }

    public override bool DeletesTogetherWith(OutboxClaim other) => ReferenceEquals(this, other);

    public override async Task DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var delete = new NpgsqlCommand(DeleteRows, _transaction.Connection, _transaction) { Parameters = { new() { Value = ids.ToArray() } } };
        await delete.ExecuteNonQueryAsync(cancellationToken);
    }

    // Commits the deletes; should that fail, the rows stay and are published again (at least once).
    public override async ValueTask DisposeAsync()
    {
        try
        {
            await _transaction.CommitAsync();
        }
        finally
        {
            await _transaction.DisposeAsync();
            await _db.DisposeAsync();
        }
    }
}
