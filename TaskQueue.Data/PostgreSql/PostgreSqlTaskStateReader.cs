using Npgsql;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

// Loads a batch's tasks and locks their rows (FOR UPDATE) until the batch commits: another sink
// applying events to the same task waits, then reads what this one wrote. Rows are locked in
// id order, so two sinks with overlapping batches queue instead of deadlocking. Attempts need
// no lock of their own: only the holder of the task's row writes them.
internal static class PostgreSqlTaskStateReader
{
    private const string SelectTasks = $"""SELECT {TaskStateRows.TaskColumns} FROM "Tasks" WHERE "Id" = ANY($1) ORDER BY "Id" FOR UPDATE""";

    private const string SelectAttempts = $"""SELECT {TaskStateRows.AttemptColumns} FROM "TaskAttempts" WHERE "TaskId" = ANY($1) ORDER BY "Id" """;

    public static async Task<Dictionary<Guid, TaskItem>> ReadAndLockAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyCollection<Guid> ids, CancellationToken cancellationToken)
    {
        var idArray = ids.ToArray();
        await using var selectTasks = new NpgsqlCommand(SelectTasks, connection, transaction) { Parameters = { new() { Value = idArray } } };
        await using var selectAttempts = new NpgsqlCommand(SelectAttempts, connection, transaction) { Parameters = { new() { Value = idArray } } };
        return await TaskStateRows.ReadAsync(selectTasks, selectAttempts, ids.Count, cancellationToken);
    }
}
