using System.Text.Json;
using Microsoft.Data.Sqlite;
using TaskQueue.Data.Model;

namespace TaskQueue.Sink.Storage;

// Loads what the state machine needs for a batch, two statements whatever the batch size: the
// tasks' state columns (not their input) and their attempts, oldest first, so the last row of
// an attempt number is its current execution.
internal static class TaskStateReader
{
    private const string SelectTasks = """
        SELECT Id, Status, Result, Error, Progress, Attempt, MaxAttempts, WorkerId, CreatedAt, StartedAt, FinishedAt, NextAttemptAt, UpdatedAt
        FROM Tasks WHERE Id IN (SELECT value FROM json_each($ids))
        """;

    private const string SelectAttempts = """
        SELECT Id, TaskId, Attempt, WorkerId, StartedAt, FinishedAt, Outcome, Error, Redelivered
        FROM TaskAttempts WHERE TaskId IN (SELECT value FROM json_each($ids)) ORDER BY Id
        """;

    public static async Task<Dictionary<Guid, TaskItem>> ReadAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var idList = JsonSerializer.Serialize(ids.Select(SqliteValues.Of));
        var tasks = new Dictionary<Guid, TaskItem>(ids.Count);
        await using (var command = Create(connection, transaction, SelectTasks, idList))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var task = new TaskItem
                {
                    Id = reader.GetGuid(0),
                    Status = Enum.Parse<TaskItemStatus>(reader.GetString(1)),
                    Result = SqliteValues.NullableText(reader, 2),
                    Error = SqliteValues.NullableText(reader, 3),
                    Progress = reader.GetDouble(4),
                    Attempt = reader.GetInt32(5),
                    MaxAttempts = reader.GetInt32(6),
                    WorkerId = SqliteValues.NullableText(reader, 7),
                    CreatedAt = SqliteValues.Time(reader, 8),
                    StartedAt = SqliteValues.NullableTime(reader, 9),
                    FinishedAt = SqliteValues.NullableTime(reader, 10),
                    NextAttemptAt = SqliteValues.NullableTime(reader, 11),
                    UpdatedAt = SqliteValues.Time(reader, 12),
                };
                tasks.Add(task.Id, task);
            }
        }

        await using (var command = Create(connection, transaction, SelectAttempts, idList))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var attempt = new TaskAttempt
                {
                    Id = reader.GetInt64(0),
                    TaskId = reader.GetGuid(1),
                    Attempt = reader.GetInt32(2),
                    WorkerId = SqliteValues.NullableText(reader, 3),
                    StartedAt = SqliteValues.Time(reader, 4),
                    FinishedAt = SqliteValues.NullableTime(reader, 5),
                    Outcome = Enum.Parse<AttemptOutcome>(reader.GetString(6)),
                    Error = SqliteValues.NullableText(reader, 7),
                    Redelivered = reader.GetBoolean(8),
                };
                tasks[attempt.TaskId].Attempts.Add(attempt);
            }
        }

        return tasks;
    }

    private static SqliteCommand Create(SqliteConnection connection, SqliteTransaction transaction, string sql, string ids)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.Parameters.AddWithValue("$ids", ids);
        return command;
    }
}
