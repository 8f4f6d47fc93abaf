using System.Globalization;

namespace TaskQueue.AppHost.Dashboard.Telemetry;

public sealed record MetricChart(string Title, string Unit, IReadOnlyList<string> Labels, IReadOnlyList<(string Instance, double[] Values)> Series);

// The last five minutes of a metric in ten-second buckets, one line per process: rates for
// cumulative counters (a reset after a restart counts as zero), the latest value for levels.
public static class MetricCharts
{
    public static readonly TimeSpan BucketWidth = TimeSpan.FromSeconds(10);
    public const int Buckets = 30;

    public static MetricChart Rate(MetricStore store, string metric, string title, string unit, double scale, DateTimeOffset now) =>
        Build(store, metric, title, unit, now, (points, end) =>
        {
            var current = LastAt(points, end);
            var previous = LastAt(points, end - BucketWidth);
            return current is null || previous is null ? 0 : Math.Max(0, (current.Value - previous.Value) / BucketWidth.TotalSeconds * scale);
        });

    public static MetricChart Level(MetricStore store, string metric, string title, string unit, double scale, DateTimeOffset now) =>
        Build(store, metric, title, unit, now, (points, end) =>
            LastAt(points, end) is { } point && end - point.Time < 2 * BucketWidth ? point.Value * scale : 0);

    private static MetricChart Build(
        MetricStore store, string metric, string title, string unit, DateTimeOffset now, Func<IReadOnlyList<MetricPoint>, DateTimeOffset, double> valueAt)
    {
        var ends = Enumerable.Range(0, Buckets).Select(index => now - ((Buckets - 1 - index) * BucketWidth)).ToList();
        var labels = ends.Select((end, index) => index % 6 == 5 ? end.ToLocalTime().ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "").ToList();
        var series = store.Instances(metric)
            .Select(instance =>
            {
                var points = store.Points(instance, metric);
                return (instance, ends.Select(end => Math.Round(valueAt(points, end), 2)).ToArray());
            })
            .ToList();
        return new MetricChart(title, unit, labels, series);
    }

    private static MetricPoint? LastAt(IReadOnlyList<MetricPoint> points, DateTimeOffset time) =>
        points.LastOrDefault(point => point.Time <= time);
}
