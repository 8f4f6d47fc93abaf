namespace TaskQueue.AppHost.Dashboard.Telemetry;

// The most recent traces, in memory and bounded: at most MaxTraces traces and MaxSpans spans
// in all, the oldest trace going first. One trace keeps at most MaxSpansPerTrace spans, so a
// batch of a thousand tasks (one request, one trace) cannot push every other trace out.
public sealed class TraceStore
{
    public const int MaxTraces = 1_000;
    public const int MaxSpans = 10_000;
    public const int MaxSpansPerTrace = 1_000;

    private readonly Dictionary<string, List<SpanRecord>> _traces = new(StringComparer.Ordinal);
    private readonly Queue<string> _arrivalOrder = new();
    private readonly Lock _lock = new();
    private int _spanCount;

    public long SpansReceived { get; private set; }
    public long Version { get; private set; }

    public void Add(IReadOnlyCollection<SpanRecord> spans)
    {
        lock (_lock)
        {
            foreach (var span in spans)
            {
                if (!_traces.TryGetValue(span.TraceId, out var trace))
                {
                    _traces[span.TraceId] = trace = [];
                    _arrivalOrder.Enqueue(span.TraceId);
                }

                if (trace.Count < MaxSpansPerTrace)
                {
                    trace.Add(span);
                    _spanCount++;
                }
            }

            while (_traces.Count > MaxTraces || _spanCount > MaxSpans)
            {
                var oldest = _arrivalOrder.Dequeue();
                if (_traces.Remove(oldest, out var evicted))
                {
                    _spanCount -= evicted.Count;
                }
            }

            SpansReceived += spans.Count;
            Version++;
        }
    }

    public IReadOnlyList<SpanRecord> Get(string traceId)
    {
        lock (_lock)
        {
            return _traces.TryGetValue(traceId, out var trace) ? [.. trace] : [];
        }
    }

    public bool Contains(string traceId)
    {
        lock (_lock)
        {
            return _traces.ContainsKey(traceId);
        }
    }

    // Newest first; the filter matches a trace id, a service or any span name.
    public IReadOnlyList<TraceSummary> Recent(int max, string? filter)
    {
        List<List<SpanRecord>> traces;
        lock (_lock)
        {
            traces = [.. _traces.Values.Select(trace => trace.ToList())];
        }

        return traces
            .Where(trace => string.IsNullOrWhiteSpace(filter) || Matches(trace, filter.Trim()))
            .Select(Summarize)
            .OrderByDescending(summary => summary.Start)
            .Take(max)
            .ToList();
    }

    private static bool Matches(List<SpanRecord> trace, string filter) =>
        trace[0].TraceId.StartsWith(filter, StringComparison.OrdinalIgnoreCase)
        || trace.Any(span => span.Service.Equals(filter, StringComparison.OrdinalIgnoreCase)
            || span.Name.Contains(filter, StringComparison.OrdinalIgnoreCase));

    public static TraceSummary Summarize(IReadOnlyList<SpanRecord> spans)
    {
        var ids = spans.Select(span => span.SpanId).ToHashSet(StringComparer.Ordinal);
        // The root is the earliest span whose parent is not here (not exported, or the trace began there).
        var root = spans
            .Where(span => span.ParentSpanId is null || !ids.Contains(span.ParentSpanId))
            .OrderBy(span => span.Start)
            .FirstOrDefault() ?? spans[0];
        var start = spans.Min(span => span.Start);
        var end = spans.Max(span => span.End);
        var services = spans.OrderBy(span => span.Start).Select(span => span.Service).Distinct().ToList();
        return new TraceSummary(root.TraceId, root.Name, root.Service, services, start, end - start, spans.Count, spans.Any(span => span.IsError));
    }
}
