using Npgsql;
using TaskQueue.Data.Model;

namespace TaskQueue.Data.PostgreSql;

// New tasks and their outbox rows in one round trip; EF's change tracker costs more CPU than
// the rest of a task's path (bench/, measured on SQLite).
internal static class PostgreSqlTaskInserter
{
    private const string InsertTask = """
        INSERT INTO "Tasks" ("Id", "Name", "Type", "Input", "Status", "Progress", "Attempt", "MaxAttempts", "TimeoutSeconds", "OwnerId", "TraceId", "CreatedAt", "UpdatedAt", "RunAt", "Priority", "BatchId")
        VALUES ($1, $2, $3, $4, $10, 0, 1, $5, $6, $7, $8, $9, $9, $11, $12, $13)
        """;

    private const string InsertOutbox = """
        INSERT INTO "Outbox" ("Exchange", "RoutingKey", "Type", "Body", "MessageId", "TraceParent", "CreatedAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    public static async Task InsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<TaskItem> tasks, IReadOnlyList<OutboxMessage> outbox,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        PostgreSqlBatch.Add(batch, InsertTask, tasks, task =>
            [task.Id, task.Name, task.Type, task.Input, task.MaxAttempts, task.TimeoutSeconds, task.OwnerId, task.TraceId, task.CreatedAt.UtcTicks,
             task.Status.ToString(), task.RunAt?.UtcTicks, task.Priority.ToString(), task.BatchId]);
        PostgreSqlBatch.Add(batch, InsertOutbox, outbox, message =>
            [message.Exchange, message.RoutingKey, message.Type, message.Body, message.MessageId, message.TraceParent, message.CreatedAt.UtcTicks]);
        await PostgreSqlBatch.ExecuteAsync(batch, cancellationToken);
    }
}
