using System.Data.Common;
using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// A task's state columns (and its workflow, which the sink names when it announces changes) and
// an attempt's columns, read in the order both engines' sinks select them, as EF maps them on
// both: times as UTC ticks, enums as their names.
internal static class TaskStateRows
{
    // Quoted: EF names PostgreSQL's columns as the C# properties, and there case matters.
    public const string TaskColumns =
        "\"Id\", \"Status\", \"Result\", \"Error\", \"Progress\", \"Attempt\", \"MaxAttempts\", \"WorkerId\", \"CreatedAt\", \"StartedAt\", \"FinishedAt\", \"NextAttemptAt\", \"UpdatedAt\", \"WorkflowId\"";

    public const string AttemptColumns =
        "\"Id\", \"TaskId\", \"Attempt\", \"WorkerId\", \"StartedAt\", \"FinishedAt\", \"Outcome\", \"Error\", \"Redelivered\"";

    public static async Task<Dictionary<Guid, TaskItem>> ReadAsync(DbCommand selectTasks, DbCommand selectAttempts, int capacity, CancellationToken cancellationToken)
    {
        var tasks = new Dictionary<Guid, TaskItem>(capacity);
        await using (var reader = await selectTasks.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var task = Task(reader);
                tasks.Add(task.Id, task);
            }
        }

        await using (var reader = await selectAttempts.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var attempt = Attempt(reader);
                tasks[attempt.TaskId].Attempts.Add(attempt);
            }
        }

        return tasks;
    }

    private static TaskItem Task(DbDataReader reader) => new()
    {
        Id = reader.GetGuid(0),
        Status = Enum.Parse<TaskItemStatus>(reader.GetString(1)),
        Result = NullableText(reader, 2),
        Error = NullableText(reader, 3),
        Progress = reader.GetDouble(4),
        Attempt = reader.GetInt32(5),
        MaxAttempts = reader.GetInt32(6),
        WorkerId = NullableText(reader, 7),
        CreatedAt = Time(reader, 8),
        StartedAt = NullableTime(reader, 9),
        FinishedAt = NullableTime(reader, 10),
        NextAttemptAt = NullableTime(reader, 11),
        UpdatedAt = Time(reader, 12),
        WorkflowId = reader.IsDBNull(13) ? null : reader.GetGuid(13),
    };

    private static TaskAttempt Attempt(DbDataReader reader) => new()
    {
        Id = reader.GetInt64(0),
        TaskId = reader.GetGuid(1),
        Attempt = reader.GetInt32(2),
        WorkerId = NullableText(reader, 3),
        StartedAt = Time(reader, 4),
        FinishedAt = NullableTime(reader, 5),
        Outcome = Enum.Parse<AttemptOutcome>(reader.GetString(6)),
        Error = NullableText(reader, 7),
        Redelivered = reader.GetBoolean(8),
    };

    private static DateTimeOffset Time(DbDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    private static DateTimeOffset? NullableTime(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    private static string? NullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
