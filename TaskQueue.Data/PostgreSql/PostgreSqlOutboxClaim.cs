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
            var rows = new List<OutboxMessage>();
            await using (var select = new NpgsqlCommand(SelectUnclaimed, connection, transaction) { Parameters = { new() { Value = max } } })
            await using (var reader = await select.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    rows.Add(new OutboxMessage
                    {
                        Id = reader.GetInt64(0),
                        Exchange = reader.GetString(1),
                        RoutingKey = reader.GetString(2),
                        Type = reader.GetString(3),
                        Body = (byte[])reader.GetValue(4),
                        MessageId = reader.GetString(5),
                        TraceParent = reader.IsDBNull(6) ? null : reader.GetString(6),
                        CreatedAt = new DateTimeOffset(reader.GetInt64(7), TimeSpan.Zero),
                    });
                }
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
