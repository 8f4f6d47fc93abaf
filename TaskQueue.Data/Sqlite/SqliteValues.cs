namespace TaskQueue.Data.Sqlite;

// Column values exactly as EF maps them (TasksDbContext): GUIDs as upper-case text, times as
// UTC ticks, enums as their names. Tests read what was written back through EF.
internal static class SqliteValues
{
    public static string Of(Guid id) => id.ToString().ToUpperInvariant();

    public static object Of(Guid? id) => id is { } value ? Of(value) : DBNull.Value;

    public static object Of(DateTimeOffset? time) => time is { } value ? value.UtcTicks : DBNull.Value;

    public static object Of(string? text) => (object?)text ?? DBNull.Value;
}
