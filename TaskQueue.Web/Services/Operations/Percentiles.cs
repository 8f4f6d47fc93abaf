namespace TaskQueue.Web.Services.Operations;

// p50/p95/p99 of a set of durations, by the nearest-rank method: each one is a duration
// that really occurred, never an interpolation between two.
public sealed record Percentiles(TimeSpan P50, TimeSpan P95, TimeSpan P99)
{
    public static Percentiles? Of(IEnumerable<TimeSpan> durations)
    {
        var sorted = durations.Order().ToArray();
        return sorted.Length == 0 ? null : new Percentiles(Rank(sorted, 0.50), Rank(sorted, 0.95), Rank(sorted, 0.99));
    }

    private static TimeSpan Rank(TimeSpan[] sorted, double percentile) =>
        sorted[Math.Clamp((int)Math.Ceiling(percentile * sorted.Length) - 1, 0, sorted.Length - 1)];
}
