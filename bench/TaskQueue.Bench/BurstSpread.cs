namespace TaskQueue.Bench;

public sealed record BurstFigures(double FirstP50, double LastP50)
{
    public static BurstFigures NotMeasured { get; } = new(double.NaN, double.NaN);

    public static BurstFigures Median(IEnumerable<BurstFigures> runs) =>
        new(Percentiles.Median(runs.Select(r => r.FirstP50)), Percentiles.Median(runs.Select(r => r.LastP50)));
}

// The probes send what is due every 10 ms as one burst (one request of ~20 tasks at half load,
// ~20 messages in the raw probe), and a burst passes one quorum queue, one Raft process, one
// message at a time. The p50 of each burst's first and last latency separates the fixed cost
// of the path from the wait behind the rest of the same burst.
public static class BurstSpread
{
    public static BurstFigures Of<TKey>(IEnumerable<(TKey Burst, double Milliseconds)> latencies) where TKey : notnull
    {
        var bursts = latencies.GroupBy(latency => latency.Burst, latency => latency.Milliseconds).ToList();
        var first = bursts.Select(burst => burst.Min()).Order().ToList();
        var last = bursts.Select(burst => burst.Max()).Order().ToList();
        return new BurstFigures(Percentiles.Of(first, 50), Percentiles.Of(last, 50));
    }
}
