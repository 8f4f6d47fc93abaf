namespace TaskQueue.AppHost.Dashboard.Telemetry;

public sealed record MetricPoint(DateTimeOffset Time, double Value);

// The few metrics the dashboard charts, per process: each export adds one point holding the
// metric's value summed over its data points (for a histogram, its count). Cumulative
// counters become rates when charted. The last MaxPoints points per series are kept.
public sealed class MetricStore
{
    public const int MaxPoints = 720;

    private readonly Dictionary<(string Instance, string Metric), Queue<MetricPoint>> _series = [];
    private readonly Lock _lock = new();

    public void Add(string instance, string metric, DateTimeOffset time, double value)
    {
        lock (_lock)
        {
            if (!_series.TryGetValue((instance, metric), out var points))
            {
                _series[(instance, metric)] = points = new Queue<MetricPoint>();
            }

            points.Enqueue(new MetricPoint(time, value));
            if (points.Count > MaxPoints)
            {
                points.Dequeue();
            }
        }
    }

    // Adds to a counter this store keeps itself (messages processed, counted from spans).
    public void Increment(string instance, string metric, DateTimeOffset time, double by)
    {
        lock (_lock)
        {
            var previous = _series.TryGetValue((instance, metric), out var points) && points.Count > 0 ? points.Last().Value : 0;
            Add(instance, metric, time, previous + by);
        }
    }

    public IReadOnlyList<string> Instances(string metric)
    {
        lock (_lock)
        {
            return [.. _series.Keys.Where(key => key.Metric == metric).Select(key => key.Instance).Order(StringComparer.Ordinal)];
        }
    }

    public IReadOnlyList<MetricPoint> Points(string instance, string metric)
    {
        lock (_lock)
        {
            return _series.TryGetValue((instance, metric), out var points) ? [.. points] : [];
        }
    }
}
