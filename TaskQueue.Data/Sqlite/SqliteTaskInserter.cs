using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;

namespace TaskQueue.Data.Sqlite;

// Writes new tasks and their outbox rows in one transaction with prepared statements. A batch
// of 1,000 through EF's change tracker cost more CPU than everything else a task goes through
// (measured in bench/); the columns are written exactly as EF maps them (TasksDbContext:
// GUIDs as upper-case text, times as UTC ticks, enums as names), and the tests read them back
// through EF.
internal static class SqliteTaskInserter
{
    private const string InsertTask = """
        INSERT INTO Tasks (Id, Name, Type, Input, Status, Progress, Attempt, MaxAttempts, TimeoutSeconds, OwnerId, TraceId, CreatedAt, UpdatedAt, RunAt, Priority, BatchId)
        VALUES ($id, $name, $type, $input, $status, 0, 1, $maxAttempts, $timeoutSeconds, $ownerId, $traceId, $createdAt, $createdAt, $runAt, $priority, $batchId)
        """;

    private const string InsertOutbox = """
        INSERT INTO Outbox (Exchange, RoutingKey, Type, Body, MessageId, TraceParent, CreatedAt)
        VALUES ($exchange, $routingKey, $type, $body, $messageId, $traceParent, $createdAt)
        RETURNING Id
        """;

    public static async Task InsertAsync(TasksDbContext db, IReadOnlyList<TaskItem> tasks, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            var connection = (SqliteConnection)db.Database.GetDbConnection();
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await InsertTasksAsync(connection, transaction, tasks, cancellationToken);
            await InsertOutboxAsync(connection, transaction, outbox, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    private static async Task InsertTasksAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<TaskItem> tasks, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertTask;
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var name = command.Parameters.Add("$name", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var input = command.Parameters.Add("$input", SqliteType.Text);
        var status = command.Parameters.Add("$status", SqliteType.Text);
        var runAt = command.Parameters.Add("$runAt", SqliteType.Integer);
        var maxAttempts = command.Parameters.Add("$maxAttempts", SqliteType.Integer);
        var timeoutSeconds = command.Parameters.Add("$timeoutSeconds", SqliteType.Integer);
        var ownerId = command.Parameters.Add("$ownerId", SqliteType.Text);
        var traceId = command.Parameters.Add("$traceId", SqliteType.Text);
        var createdAt = command.Parameters.Add("$createdAt", SqliteType.Integer);
        var priority = command.Parameters.Add("$priority", SqliteType.Text);
        var batchId = command.Parameters.Add("$batchId", SqliteType.Text);
        command.Prepare();

        foreach (var task in tasks)
        {
            id.Value = task.Id.ToString().ToUpperInvariant();
            name.Value = task.Name;
            type.Value = task.Type;
            input.Value = task.Input;
            status.Value = task.Status.ToString();
            runAt.Value = (object?)task.RunAt?.UtcTicks ?? DBNull.Value;
            maxAttempts.Value = task.MaxAttempts;
            timeoutSeconds.Value = task.TimeoutSeconds;
            ownerId.Value = (object?)task.OwnerId ?? DBNull.Value;
            traceId.Value = (object?)task.TraceId ?? DBNull.Value;
            createdAt.Value = task.CreatedAt.UtcTicks;
            priority.Value = task.Priority.ToString();
            batchId.Value = (object?)task.BatchId?.ToString().ToUpperInvariant() ?? DBNull.Value;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static async Task InsertOutboxAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyList<OutboxMessage> outbox, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = InsertOutbox;
        var exchange = command.Parameters.Add("$exchange", SqliteType.Text);
        var routingKey = command.Parameters.Add("$routingKey", SqliteType.Text);
        var type = command.Parameters.Add("$type", SqliteType.Text);
        var body = command.Parameters.Add("$body", SqliteType.Blob);
        var messageId = command.Parameters.Add("$messageId", SqliteType.Text);
        var traceParent = command.Parameters.Add("$traceParent", SqliteType.Text);
        var createdAt = command.Parameters.Add("$createdAt", SqliteType.Integer);
        command.Prepare();

        foreach (var message in outbox)
        {
            exchange.Value = message.Exchange;
            routingKey.Value = message.RoutingKey;
            type.Value = message.Type;
            body.Value = message.Body;
            messageId.Value = message.MessageId;
            traceParent.Value = (object?)message.TraceParent ?? DBNull.Value;
            createdAt.Value = message.CreatedAt.UtcTicks;
            // The id lets the outbox dispatcher take these rows without reading them back (RecentOutboxRows).
            message.Id = (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }
    }
}
