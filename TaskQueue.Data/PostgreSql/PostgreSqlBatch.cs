using Npgsql;

namespace TaskQueue.Data.PostgreSql;

// Many rows' statements sent in one round trip: one command per row, positional parameters
// ($1, $2 …) bound in the order `values` returns them. Values are as EF maps them
// (TasksDbContext): times as UTC ticks, enums as their names, GUIDs as uuid.
internal static class PostgreSqlBatch
{
    public static void Add<T>(NpgsqlBatch batch, string sql, IEnumerable<T> rows, Func<T, object?[]> values)
    {
        foreach (var row in rows)
        {
            var command = new NpgsqlBatchCommand(sql);
            foreach (var value in values(row))
            {
                command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
            }

            batch.BatchCommands.Add(command);
        }
    }

    public static async Task ExecuteAsync(NpgsqlBatch batch, CancellationToken cancellationToken)
    {
        if (batch.BatchCommands.Count > 0)
        {
            await batch.ExecuteNonQueryAsync(cancellationToken);
        }
    }

    public static long? Ticks(DateTimeOffset? time) => time?.UtcTicks;
}
