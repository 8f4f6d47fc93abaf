using System.Globalization;

namespace TaskQueue.Bench;

// One run: a fresh system, its cold start, the raw ceiling of its broker, end-to-end
// throughput, latency at half that load, and memory.
public sealed record RunFigures(
    TimeSpan ColdStart, double RawMessagesPerSecond, double TasksPerSecond, double OfferedLoad, LatencyFigures Latency,
    double IdleWorkerRss, IReadOnlyList<(string Name, double Megabytes)> PeakRss)
{
    public static async Task<RunFigures> MeasureAsync(BenchOptions options)
    {
        await using var system = await BenchSystem.StartAsync(options.Workers);
        using var api = new HttpClient { BaseAddress = system.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        await Task.Delay(TimeSpan.FromSeconds(2));
        var processes = system.Processes();
        var idleWorker = ProcessMemory.CurrentMegabytes(processes.First(process => process.Name.StartsWith("worker", StringComparison.Ordinal)).Pid);

        var raw = await RawCeiling.MeasureAsync(system.BrokerConnectionString(), options.RawMessages);
        // A warm-up so JIT and connection pools do not count against the measured run.
        await EndToEndThroughput.MeasureAsync(api, 2000);
        var throughput = await EndToEndThroughput.MeasureAsync(api, options.Tasks);
        var offered = Math.Max(1, throughput / 2);
        var latency = await LatencyProbe.MeasureAsync(api, system.DatabasePath, offered, TimeSpan.FromSeconds(options.LatencySeconds));
        var peaks = processes.Select(process => (process.Name, ProcessMemory.PeakMegabytes(process.Pid))).ToList();
        return new RunFigures(system.ColdStart, raw, throughput, offered, latency, idleWorker, peaks);
    }

    public static RunFigures Median(IReadOnlyList<RunFigures> runs) => new(
        TimeSpan.FromSeconds(Percentiles.Median(runs.Select(r => r.ColdStart.TotalSeconds))),
        Percentiles.Median(runs.Select(r => r.RawMessagesPerSecond)),
        Percentiles.Median(runs.Select(r => r.TasksPerSecond)),
        Percentiles.Median(runs.Select(r => r.OfferedLoad)),
        new LatencyFigures(
            Percentiles.Median(runs.Select(r => r.Latency.RunningP50)), Percentiles.Median(runs.Select(r => r.Latency.RunningP95)),
            Percentiles.Median(runs.Select(r => r.Latency.RunningP99)), Percentiles.Median(runs.Select(r => r.Latency.FinishedP50)),
            Percentiles.Median(runs.Select(r => r.Latency.FinishedP95)), Percentiles.Median(runs.Select(r => r.Latency.FinishedP99)),
            (int)Percentiles.Median(runs.Select(r => (double)r.Latency.Tasks))),
        Percentiles.Median(runs.Select(r => r.IdleWorkerRss)),
        runs[0].PeakRss.Select(peak => (peak.Name, Percentiles.Median(runs.Select(r => r.PeakRss.FirstOrDefault(p => p.Name == peak.Name).Megabytes)))).ToList());

    public string ToLine(int run) => string.Create(CultureInfo.InvariantCulture,
        $"run {run}: cold start {ColdStart.TotalSeconds:0.0} s, raw {RawMessagesPerSecond:0} msg/s, end to end {TasksPerSecond:0} tasks/s " +
        $"({TasksPerSecond / RawMessagesPerSecond:0.00} × raw), at {OfferedLoad:0}/s accept→Running p50 {Latency.RunningP50:0.0} ms p99 {Latency.RunningP99:0.0} ms, " +
        $"accept→Finished p50 {Latency.FinishedP50:0.0} ms p99 {Latency.FinishedP99:0.0} ms, idle worker {IdleWorkerRss:0} MB");

    public object ToJson() => new
    {
        coldStartSeconds = ColdStart.TotalSeconds,
        rawMessagesPerSecond = RawMessagesPerSecond,
        tasksPerSecond = TasksPerSecond,
        ratio = TasksPerSecond / RawMessagesPerSecond,
        offeredLoad = OfferedLoad,
        latency = Latency,
        idleWorkerRssMb = IdleWorkerRss,
        peakRssMb = PeakRss.ToDictionary(peak => peak.Name, peak => peak.Megabytes),
    };
}
