using System.Text.Json;
using Microsoft.Data.Sqlite;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

// The outbox dispatcher's reads and deletes, in SQL. They run on every wake-up under load, and
// through EF each one went through LINQ's parameter extraction, the query cache and, for the
// delete, SQL generation for its list of ids: the EF Core and expression-tree methods a cold web
// app compiled while it carried its first load (bench/, README #16). Columns as EF maps them
// (SqliteValues); the tests read the outbox through EF.
internal static class SqliteOutboxRows
{
    private const string SelectAfter = """
        SELECT Id, Exchange, RoutingKey, Type, Body, MessageId, TraceParent, CreatedAt FROM Outbox
        WHERE Id > $afterId ORDER BY Id LIMIT $max
        """;

    private const string DeleteListed = "DELETE FROM Outbox WHERE Id IN (SELECT value FROM json_each($ids))";

    public static async Task<List<OutboxMessage>> ReadAfterAsync(SqliteConnection connection, long afterId, int max, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = SelectAfter;
        command.Parameters.AddWithValue("$afterId", afterId);
        command.Parameters.AddWithValue("$max", max);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await OutboxRowReader.ReadAllAsync(reader, cancellationToken);
    }

    public static async Task DeleteAsync(SqliteConnection connection, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = DeleteListed;
        command.Parameters.AddWithValue("$ids", JsonSerializer.Serialize(ids));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
