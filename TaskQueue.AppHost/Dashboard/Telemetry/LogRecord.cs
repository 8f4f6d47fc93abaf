namespace TaskQueue.AppHost.Dashboard.Telemetry;

// One structured log record as the dashboard shows it. Service and Instance as on SpanRecord;
// Category is the ILogger category, Message the formatted message, TraceId the trace the
// record was written in (null outside one).
public sealed record LogRecord(
    DateTimeOffset Time, string Service, string Instance, LogLevel Level, string Category, string Message,
    IReadOnlyList<KeyValuePair<string, string>> Attributes, string? TraceId);

// What the structured logs page asks for; a null or empty field matches everything.
public sealed record LogFilter(string? Instance = null, LogLevel MinimumLevel = LogLevel.Trace, string? Text = null)
{
    public bool Matches(LogRecord record) =>
        record.Level >= MinimumLevel
        && (string.IsNullOrEmpty(Instance) || record.Instance == Instance)
        && (string.IsNullOrWhiteSpace(Text) || Contains(record, Text.Trim()));

    private static bool Contains(LogRecord record, string text) =>
        record.Message.Contains(text, StringComparison.OrdinalIgnoreCase)
        || record.Attributes.Any(attribute => attribute.Value.Contains(text, StringComparison.OrdinalIgnoreCase));
}
