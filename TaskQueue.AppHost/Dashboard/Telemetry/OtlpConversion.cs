using System.Globalization;
using TaskQueue.AppHost.Dashboard.Otlp;

namespace TaskQueue.AppHost.Dashboard.Telemetry;

// From the OTLP messages to what the stores keep.
public static class OtlpConversion
{
    // Metrics the dashboard charts, as the .NET runtime and ASP.NET Core name them.
    public static readonly HashSet<string> ChartedMetrics =
    [
        MetricNames.CpuTime, MetricNames.WorkingSet, MetricNames.HttpServerDuration,
    ];

    public static List<SpanRecord> ToSpans(ExportTraceServiceRequest request)
    {
        var spans = new List<SpanRecord>();
        foreach (var resourceSpans in request.ResourceSpans)
        {
            var (service, instance) = Identify(resourceSpans.Resource);
            foreach (var span in resourceSpans.ScopeSpans.SelectMany(scope => scope.Spans))
            {
                spans.Add(new SpanRecord(
                    Convert.ToHexStringLower(span.TraceId.Span),
                    Convert.ToHexStringLower(span.SpanId.Span),
                    span.ParentSpanId.IsEmpty ? null : Convert.ToHexStringLower(span.ParentSpanId.Span),
                    span.Name,
                    KindName(span.Kind),
                    service,
                    instance,
                    FromUnixNanoseconds(span.StartTimeUnixNano),
                    FromUnixNanoseconds(span.EndTimeUnixNano),
                    span.Status?.Code == StatusCode.Error,
                    [.. span.Attributes.Select(attribute => KeyValuePair.Create(attribute.Key, Format(attribute.Value)))]));
            }
        }

        return spans;
    }

    public static List<LogRecord> ToLogs(ExportLogsServiceRequest request)
    {
        var logs = new List<LogRecord>();
        foreach (var resourceLogs in request.ResourceLogs)
        {
            var (service, instance) = Identify(resourceLogs.Resource);
            foreach (var scopeLogs in resourceLogs.ScopeLogs)
            {
                foreach (var log in scopeLogs.LogRecords)
                {
                    var attributes = log.Attributes.Select(attribute => KeyValuePair.Create(attribute.Key, Format(attribute.Value))).ToList();
                    logs.Add(new LogRecord(
                        FromUnixNanoseconds(log.TimeUnixNano != 0 ? log.TimeUnixNano : log.ObservedTimeUnixNano),
                        service,
                        instance,
                        LevelOf(log),
                        Category(scopeLogs.Scope, attributes),
                        Format(log.Body),
                        attributes,
                        IsValidId(log.TraceId) ? Convert.ToHexStringLower(log.TraceId.Span) : null));
                }
            }
        }

        return logs;
    }

    public static void AddMetrics(ExportMetricsServiceRequest request, MetricStore store)
    {
        foreach (var resourceMetrics in request.ResourceMetrics)
        {
            var (_, instance) = Identify(resourceMetrics.Resource);
            foreach (var metric in resourceMetrics.ScopeMetrics.SelectMany(scope => scope.Metrics).Where(metric => ChartedMetrics.Contains(metric.Name)))
            {
                if (Measure(metric) is { } measured)
                {
                    store.Add(instance, metric.Name, measured.Time, measured.Value);
                }
            }
        }
    }

    private static (DateTimeOffset Time, double Value)? Measure(Metric metric)
    {
        if (metric.Histogram is { DataPoints.Count: > 0 } histogram)
        {
            return (FromUnixNanoseconds(histogram.DataPoints.Max(point => point.TimeUnixNano)), histogram.DataPoints.Sum(point => (double)point.Count));
        }

        var points = metric.Sum?.DataPoints ?? metric.Gauge?.DataPoints;
        if (points is not { Count: > 0 })
        {
            return null;
        }

        var value = points.Sum(point => point.ValueCase == NumberDataPoint.ValueOneofCase.AsInt ? point.AsInt : point.AsDouble);
        return (FromUnixNanoseconds(points.Max(point => point.TimeUnixNano)), value);
    }

    // OTEL_SERVICE_NAME and the replica name the AppHost puts in service.instance.id.
    private static (string Service, string Instance) Identify(Resource? resource)
    {
        string? Attribute(string key) => resource?.Attributes.FirstOrDefault(attribute => attribute.Key == key)?.Value?.StringValue;
        var service = Attribute("service.name") ?? "unknown";
        return (service, Attribute("service.instance.id") ?? service);
    }

    // .NET's exporter names the scope after the ILogger category; other exporters may leave
    // the scope empty and send the category as an attribute.
    private static string Category(InstrumentationScope? scope, List<KeyValuePair<string, string>> attributes) =>
        scope is { Name.Length: > 0 } ? scope.Name
        : attributes.FirstOrDefault(attribute => attribute.Key is "category" or "logger.name").Value ?? "";

    // Severity numbers come four to a level (INFO..INFO4 is 9..12); a record without one
    // counts as information rather than disappearing behind every level filter.
    private static LogLevel LevelOf(Otlp.LogRecord log) => (int)log.SeverityNumber switch
    {
        >= 21 => LogLevel.Critical,
        >= 17 => LogLevel.Error,
        >= 13 => LogLevel.Warning,
        >= 9 => LogLevel.Information,
        >= 5 => LogLevel.Debug,
        >= 1 => LogLevel.Trace,
        _ => LogLevel.Information,
    };

    // An all-zero id means "not in a trace", as does an absent one.
    private static bool IsValidId(Google.Protobuf.ByteString id) => id.Span.ContainsAnyExcept((byte)0);

    private static string KindName(SpanKind kind) => kind switch
    {
        SpanKind.Server => "Server",
        SpanKind.Client => "Client",
        SpanKind.Producer => "Producer",
        SpanKind.Consumer => "Consumer",
        _ => "Internal",
    };

    private static string Format(AnyValue? value) => value?.ValueCase switch
    {
        AnyValue.ValueOneofCase.StringValue => value.StringValue,
        AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(CultureInfo.InvariantCulture),
        AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(CultureInfo.InvariantCulture),
        _ => "",
    };

    private static DateTimeOffset FromUnixNanoseconds(ulong nanoseconds) =>
        DateTimeOffset.UnixEpoch.AddTicks((long)(nanoseconds / 100));
}
