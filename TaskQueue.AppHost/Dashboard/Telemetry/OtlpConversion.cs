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
