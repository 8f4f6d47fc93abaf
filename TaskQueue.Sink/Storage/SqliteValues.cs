using Microsoft.Data.Sqlite;

namespace TaskQueue.Sink.Storage;

// Column values exactly as EF maps them (TasksDbContext): GUIDs as upper-case text, times as
// UTC ticks, enums as their names. Tests read what the sink wrote back through EF.
internal static class SqliteValues
{
    public static string Of(Guid id) => id.ToString().ToUpperInvariant();

    public static object Of(Guid? id) => id is { } value ? Of(value) : DBNull.Value;

    public static object Of(DateTimeOffset? time) => time is { } value ? value.UtcTicks : DBNull.Value;

    public static object Of(string? text) => (object?)text ?? DBNull.Value;

    public static DateTimeOffset Time(SqliteDataReader reader, int ordinal) => new(reader.GetInt64(ordinal), TimeSpan.Zero);

    public static DateTimeOffset? NullableTime(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Time(reader, ordinal);

    public static string? NullableText(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);
}
