using System.Text.Json;
using Microsoft.Data.Sqlite;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

// Loads what the state machine needs for a batch, two statements whatever the batch size: the
// tasks' state columns (not their input) and their attempts, oldest first, so the last row of
// an attempt number is its current execution.
internal static class SqliteTaskStateReader
{
    private const string SelectTasks = $"SELECT {TaskStateRows.TaskColumns} FROM Tasks WHERE Id IN (SELECT value FROM json_each($ids))";

    private const string SelectAttempts = $"SELECT {TaskStateRows.AttemptColumns} FROM TaskAttempts WHERE TaskId IN (SELECT value FROM json_each($ids)) ORDER BY Id";

    public static async Task<Dictionary<Guid, TaskItem>> ReadAsync(
        SqliteConnection connection, SqliteTransaction transaction, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var idList = JsonSerializer.Serialize(ids.Select(SqliteValues.Of));
        await using var selectTasks = Create(connection, transaction, SelectTasks, idList);
        await using var selectAttempts = Create(connection, transaction, SelectAttempts, idList);
        return await TaskStateRows.ReadAsync(selectTasks, selectAttempts, ids.Count, cancellationToken);
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
