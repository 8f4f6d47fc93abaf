using Microsoft.Data.Sqlite;
using TaskQueue.Data.Model;

namespace TaskQueue.Data.Sqlite;

// Writes a batch's changes with one prepared statement per kind of row, inside the caller's
// transaction. EF's change tracker cost the sink about 0.4 ms of CPU per event and held the
// write lock meanwhile (measured in bench/); these statements touch only the state columns.
internal static partial class SqliteTaskStateWriter
{
    private const string UpdateTask = """
        UPDATE Tasks SET Status = $status, Result = $result, Error = $error, Progress = $progress, Attempt = $attempt,
            WorkerId = $workerId, StartedAt = $startedAt, FinishedAt = $finishedAt, NextAttemptAt = $nextAttemptAt, UpdatedAt = $updatedAt
        WHERE Id = $id
        """;

    private const string InsertAttempt = """
        INSERT INTO TaskAttempts (TaskId, Attempt, WorkerId, StartedAt, FinishedAt, Outcome, Error, Redelivered)
        VALUES ($taskId, $attempt, $workerId, $startedAt, $finishedAt, $outcome, $error, $redelivered)
        """;

    private const string UpdateAttempt = "UPDATE TaskAttempts SET FinishedAt = $finishedAt, Outcome = $outcome, Error = $error WHERE Id = $id";

    private const string InsertDeadLetter = """
        INSERT INTO DeadLetters (MessageId, Type, OriginalQueue, Reason, TaskId, Body, DeadLetteredAt)
        VALUES ($messageId, $type, $originalQueue, $reason, $taskId, $body, $deadLetteredAt)
        """;

    public static Task UpdateTasksAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<TaskItem> tasks,
        CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, transaction, UpdateTask, tasks, (parameters, task) =>
        {
            parameters["$id"].Value = SqliteValues.Of(task.Id);
            parameters["$status"].Value = task.Status.ToString();
            parameters["$result"].Value = SqliteValues.Of(task.Result);
            parameters["$error"].Value = SqliteValues.Of(task.Error);
            parameters["$progress"].Value = task.Progress;
            parameters["$attempt"].Value = task.Attempt;
            parameters["$workerId"].Value = SqliteValues.Of(task.WorkerId);
            parameters["$startedAt"].Value = SqliteValues.Of(task.StartedAt);
            parameters["$finishedAt"].Value = SqliteValues.Of(task.FinishedAt);
            parameters["$nextAttemptAt"].Value = SqliteValues.Of(task.NextAttemptAt);
            parameters["$updatedAt"].Value = task.UpdatedAt.UtcTicks;
        }, cancellationToken);

    public static Task InsertAttemptsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<TaskAttempt> attempts,
        CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, transaction, InsertAttempt, attempts, (parameters, attempt) =>
        {
            parameters["$taskId"].Value = SqliteValues.Of(attempt.TaskId);
            parameters["$attempt"].Value = attempt.Attempt;
            parameters["$workerId"].Value = SqliteValues.Of(attempt.WorkerId);
            parameters["$startedAt"].Value = attempt.StartedAt.UtcTicks;
            parameters["$finishedAt"].Value = SqliteValues.Of(attempt.FinishedAt);
            parameters["$outcome"].Value = attempt.Outcome.ToString();
            parameters["$error"].Value = SqliteValues.Of(attempt.Error);
            parameters["$redelivered"].Value = attempt.Redelivered;
        }, cancellationToken);

    public static Task UpdateAttemptsAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<TaskAttempt> attempts,
        CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, transaction, UpdateAttempt, attempts, (parameters, attempt) =>
        {
            parameters["$id"].Value = attempt.Id;
            parameters["$finishedAt"].Value = SqliteValues.Of(attempt.FinishedAt);
            parameters["$outcome"].Value = attempt.Outcome.ToString();
            parameters["$error"].Value = SqliteValues.Of(attempt.Error);
        }, cancellationToken);

    public static Task InsertDeadLettersAsync(SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<DeadLetter> deadLetters,
        CancellationToken cancellationToken) =>
        ExecuteEachAsync(connection, transaction, InsertDeadLetter, deadLetters, (parameters, deadLetter) =>
        {
            parameters["$messageId"].Value = SqliteValues.Of(deadLetter.MessageId);
            parameters["$type"].Value = SqliteValues.Of(deadLetter.Type);
            parameters["$originalQueue"].Value = SqliteValues.Of(deadLetter.OriginalQueue);
            parameters["$reason"].Value = deadLetter.Reason;
            parameters["$taskId"].Value = SqliteValues.Of(deadLetter.TaskId);
            parameters["$body"].Value = deadLetter.Body;
            parameters["$deadLetteredAt"].Value = deadLetter.DeadLetteredAt.UtcTicks;
        }, cancellationToken);

    private static async Task ExecuteEachAsync<T>(SqliteConnection connection, SqliteTransaction transaction, string sql,
        IReadOnlyCollection<T> rows, Action<SqliteParameterCollection, T> bind, CancellationToken cancellationToken)
    {
        if (rows.Count == 0)
        {
            return;
        }

        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var name in ParameterNames(sql))
        {
            command.Parameters.Add(new SqliteParameter { ParameterName = name });
        }

        command.Prepare();
        foreach (var row in rows)
        {
            bind(command.Parameters, row);
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    private static IEnumerable<string> ParameterNames(string sql) =>
        ParameterName().Matches(sql).Select(match => match.Value).Distinct();

    [System.Text.RegularExpressions.GeneratedRegex(@"\$\w+")]
    private static partial System.Text.RegularExpressions.Regex ParameterName();
}
