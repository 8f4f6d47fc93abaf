using Npgsql;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

// Writes a batch's changes and dead letters in one round trip, inside the transaction that
// locked the tasks' rows (PostgreSqlTaskStateReader).
internal static class PostgreSqlTaskStateWriter
{
    private const string UpdateTask = """
        UPDATE "Tasks" SET "Status" = $2, "Result" = $3, "Error" = $4, "Progress" = $5, "Attempt" = $6, "WorkerId" = $7,
            "StartedAt" = $8, "FinishedAt" = $9, "NextAttemptAt" = $10, "UpdatedAt" = $11
        WHERE "Id" = $1
        """;

    private const string InsertAttempt = """
        INSERT INTO "TaskAttempts" ("TaskId", "Attempt", "WorkerId", "StartedAt", "FinishedAt", "Outcome", "Error", "Redelivered")
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    private const string UpdateAttempt = """UPDATE "TaskAttempts" SET "FinishedAt" = $2, "Outcome" = $3, "Error" = $4 WHERE "Id" = $1""";

    private const string InsertDeadLetter = """
        INSERT INTO "DeadLetters" ("MessageId", "Type", "OriginalQueue", "Reason", "TaskId", "Body", "DeadLetteredAt")
        VALUES ($1, $2, $3, $4, $5, $6, $7)
        """;

    public static async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, TaskStateChanges changes, IReadOnlyList<DeadLetter> deadLetters,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        PostgreSqlBatch.Add(batch, UpdateTask, changes.Tasks, task =>
        [
            task.Id, task.Status.ToString(), task.Result, task.Error, task.Progress, task.Attempt, task.WorkerId,
            PostgreSqlBatch.Ticks(task.StartedAt), PostgreSqlBatch.Ticks(task.FinishedAt), PostgreSqlBatch.Ticks(task.NextAttemptAt), task.UpdatedAt.UtcTicks,
        ]);
        PostgreSqlBatch.Add(batch, InsertAttempt, changes.NewAttempts, attempt =>
        [
            attempt.TaskId, attempt.Attempt, attempt.WorkerId, attempt.StartedAt.UtcTicks, PostgreSqlBatch.Ticks(attempt.FinishedAt),
            attempt.Outcome.ToString(), attempt.Error, attempt.Redelivered,
        ]);
        PostgreSqlBatch.Add(batch, UpdateAttempt, changes.ChangedAttempts, attempt =>
            [attempt.Id, PostgreSqlBatch.Ticks(attempt.FinishedAt), attempt.Outcome.ToString(), attempt.Error]);
        PostgreSqlBatch.Add(batch, InsertDeadLetter, deadLetters, deadLetter =>
        [
            deadLetter.MessageId, deadLetter.Type, deadLetter.OriginalQueue, deadLetter.Reason, deadLetter.TaskId, deadLetter.Body,
            deadLetter.DeadLetteredAt.UtcTicks,
        ]);
        await PostgreSqlBatch.ExecuteAsync(batch, cancellationToken);
    }
}
