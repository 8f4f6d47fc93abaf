namespace TaskQueue.AppHost.Dashboard.Telemetry;

// One span as the dashboard shows it; Service is OTEL_SERVICE_NAME (web, worker, sink …),
// Instance the replica (worker-2) from service.instance.id.
public sealed record SpanRecord(
    string TraceId, string SpanId, string? ParentSpanId, string Name, string Kind, string Service, string Instance,
    DateTimeOffset Start, DateTimeOffset End, bool IsError, IReadOnlyList<KeyValuePair<string, string>> Attributes)
{
    public TimeSpan Duration => End - Start;
}

// A row of the traces list.
public sealed record TraceSummary(
    string TraceId, string RootName, string RootService, IReadOnlyList<string> Services,
    DateTimeOffset Start, TimeSpan Duration, int SpanCount, bool HasError);
