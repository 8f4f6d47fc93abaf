using System.Globalization;

namespace TaskQueue.Bench;

// One run: a fresh system, its cold start, the raw ceiling of its broker, end-to-end
// throughput, latency at half that load, and memory.
public sealed record RunFigures(
    TimeSpan ColdStart, double RawMessagesPerSecond, double FirstRunTasksPerSecond, double TasksPerSecond, double OfferedLoad, LatencyFigures Latency,
    LatencyFigures Stages, LatencyFigures LightLatency, RawLatencyFigures RawLatency, double IdleWorkerRss, IReadOnlyList<(string Name, double Megabytes)> PeakRss,
    IReadOnlyList<(string Name, double Milliseconds)> CpuPerTask, IReadOnlyList<(string Name, double Megabytes)> IdleRss,
    IReadOnlyList<(string Name, double Milliseconds)> FirstRunCpuPerTask, RawQueueFigures RawQueues, LatencyFigures ReferenceLatency,
    LatencyFigures FirstHalfLoad)
{
    // Single tasks a second for the light-load latency probe, beside the half-of-maximum one.
    public const double LightLoad = 200;

    // A fixed load beside the half-of-maximum one, so that latency compares across code whose
    // maximum differs: about half of the maximum before tasks travelled in bundles (sets 9–12).
    public const double ReferenceLoad = 2000;

    public static async Task<RunFigures> MeasureAsync(BenchOptions options)
    {
        await using var system = await BenchSystem.StartAsync(options.Workers, options.Database, options.Sinks);
        using var api = new HttpClient { BaseAddress = system.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchSystem.ApiKey);
        await Task.Delay(TimeSpan.FromSeconds(2));
        var everything = system.Processes();
        // Per-process CPU and peaks for our services and the broker; Aspire's own processes
        // (DCP is every service's parent, so its tree is everything) count in the idle totals.
        var processes = everything.Where(process => !process.Name.StartsWith("aspire", StringComparison.Ordinal) && process.Name != "epmd").ToList();
        var idleWorker = ProcessMemory.CurrentMegabytes(processes.First(process => process.Name.StartsWith("worker", StringComparison.Ordinal)).Pid);
        // The whole tree at idle, Aspire's own processes included, summed by kind.
        var idleRss = everything.GroupBy(process => process.Name.StartsWith("worker", StringComparison.Ordinal) ? "workers" : process.Name)
            .Select(group => (group.Key, group.Sum(process => ProcessMemory.CurrentMegabytes(process.Pid)))).ToList();
        idleRss.Add(("whole tree, proportional (PSS)", everything.Sum(process => ProcessMemory.ProportionalMegabytes(process.Pid))));

        // The first run is the user's: the first 20,000 tasks after Ready, on default options,
        // while tiered JIT compilation warms four processes. The second is the steady state.
        var cpuAtReady = CpuSnapshot.Take(everything);
        var firstRun = await EndToEndThroughput.MeasureAsync(api, options.Tasks);
        var cpuBefore = CpuSnapshot.Take(everything);
        var throughput = await EndToEndThroughput.MeasureAsync(api, options.Tasks);
        var cpuPerTask = CpuSnapshot.Take(everything).PerTaskSince(cpuBefore, options.Tasks);
        var firstRunCpuPerTask = cpuBefore.PerTaskSince(cpuAtReady, options.Tasks);
        var offered = Math.Max(1, throughput / 2);
        // The probe reads each task's timestamps from the SQLite file; on PostgreSQL it is not run (NaN).
        var onSqlite = options.Database == "sqlite";
        // Half load twice: as users run the system, then with the tap that splits it into stages.
        // At 200 a second the tap's copies cost little, and that probe is split as it runs.
        async Task<LatencyFigures> ProbeAsync(double load, bool splitStages, string name) => onSqlite
            ? await LatencyProbe.MeasureAsync(api, system.DatabasePath, system.BrokerConnectionString(), load, TimeSpan.FromSeconds(options.LatencySeconds), everything, splitStages, CsvPath(options, name))
            : LatencyFigures.NotMeasured;
        // The throughput runs post 40 requests of 1,000 tasks; the probes post ~100 small ones a
        // second. Code that runs per request or per message has by then been called too few times
        // to be recompiled optimised (tiered JIT; the sink and workers only from the 1,000th call),
        // and is while the first probe runs: the services took 30–50 % more CPU in a first
        // half-load pass than at the same load seconds later (2026-12-03, 6 runs). So the first
        // half-load pass warms them up, and is reported as what it is.
        var firstHalfLoad = await ProbeAsync(offered, splitStages: false, "half-load-first");
        var latency = await ProbeAsync(offered, splitStages: false, "half-load");
        var stages = await ProbeAsync(offered, splitStages: true, "half-load-stages");
        var referenceLatency = await ProbeAsync(ReferenceLoad, splitStages: false, "reference-load");
        var lightLatency = await ProbeAsync(LightLoad, splitStages: true, "light-load");
        var rawLatency = await RawLatencyProbe.MeasureAsync(system.BrokerConnectionString(), offered, TimeSpan.FromSeconds(options.LatencySeconds));
        var peaks = processes.Select(process => (process.Name, ProcessMemory.PeakMegabytes(process.Pid))).ToList();
        // Last: pushing 50,000 messages through a quorum queue leaves the broker compacting its
        // log for a while, which would slow whatever came next.
        var broker = processes.First(process => process.Name == "broker").Pid;
        var brokerBefore = ProcessCpu.SecondsOfTree(broker);
        var raw = await RawCeiling.MeasureAsync(system.BrokerConnectionString(), options.RawMessages);
        var brokerAfterQuorum = ProcessCpu.SecondsOfTree(broker);
        var rawClassic = await RawCeiling.MeasureAsync(system.BrokerConnectionString(), options.RawMessages, "classic");
        var rawQueues = new RawQueueFigures(
            (brokerAfterQuorum - brokerBefore) * 1000 / options.RawMessages, rawClassic, (ProcessCpu.SecondsOfTree(broker) - brokerAfterQuorum) * 1000 / options.RawMessages);
        return new RunFigures(system.ColdStart, raw, firstRun, throughput, offered, latency, stages, lightLatency, rawLatency, idleWorker, peaks, cpuPerTask, idleRss, firstRunCpuPerTask, rawQueues, referenceLatency, firstHalfLoad);
    }

    // --latency-csv DIR: one file per probe and run, named by its load and the time it started.
    private static string? CsvPath(BenchOptions options, string load)
    {
        if (options.LatencyCsvDirectory is not { } directory)
        {
            return null;
        }

        Directory.CreateDirectory(directory);
        return Path.Combine(directory, $"{load}-{DateTime.Now:yyyyMMdd-HHmmss}.csv");
    }

    public static RunFigures Median(IReadOnlyList<RunFigures> runs) => new(
        TimeSpan.FromSeconds(Percentiles.Median(runs.Select(r => r.ColdStart.TotalSeconds))),
        Percentiles.Median(runs.Select(r => r.RawMessagesPerSecond)),
        Percentiles.Median(runs.Select(r => r.FirstRunTasksPerSecond)),
        Percentiles.Median(runs.Select(r => r.TasksPerSecond)),
        Percentiles.Median(runs.Select(r => r.OfferedLoad)),
        MedianLatency(runs.Select(r => r.Latency).ToList()),
        MedianLatency(runs.Select(r => r.Stages).ToList()),
        MedianLatency(runs.Select(r => r.LightLatency).ToList()),
        new RawLatencyFigures(Percentiles.Median(runs.Select(r => r.RawLatency.P50)), Percentiles.Median(runs.Select(r => r.RawLatency.P99)),
            BurstFigures.Median(runs.Select(r => r.RawLatency.ByBurst ?? BurstFigures.NotMeasured))),
        Percentiles.Median(runs.Select(r => r.IdleWorkerRss)),
        runs[0].PeakRss.Select(peak => (peak.Name, Percentiles.Median(runs.Select(r => r.PeakRss.FirstOrDefault(p => p.Name == peak.Name).Megabytes)))).ToList(),
        runs[0].CpuPerTask.Select(cpu => (cpu.Name, Percentiles.Median(runs.Select(r => r.CpuPerTask.FirstOrDefault(c => c.Name == cpu.Name).Milliseconds)))).ToList(),
        runs[0].IdleRss.Select(idle => (idle.Name, Percentiles.Median(runs.Select(r => r.IdleRss.FirstOrDefault(i => i.Name == idle.Name).Megabytes)))).ToList(),
        runs[0].FirstRunCpuPerTask.Select(cpu => (cpu.Name, Percentiles.Median(runs.Select(r => r.FirstRunCpuPerTask.FirstOrDefault(c => c.Name == cpu.Name).Milliseconds)))).ToList(),
        new RawQueueFigures(
            Percentiles.Median(runs.Select(r => r.RawQueues.QuorumBrokerCpuMs)), Percentiles.Median(runs.Select(r => r.RawQueues.ClassicMessagesPerSecond)),
            Percentiles.Median(runs.Select(r => r.RawQueues.ClassicBrokerCpuMs))),
        MedianLatency(runs.Select(r => r.ReferenceLatency).ToList()),
        MedianLatency(runs.Select(r => r.FirstHalfLoad).ToList()));

    private static LatencyFigures MedianLatency(IReadOnlyList<LatencyFigures> runs) => new(
        Percentiles.Median(runs.Select(r => r.RunningP50)), Percentiles.Median(runs.Select(r => r.RunningP95)),
        Percentiles.Median(runs.Select(r => r.RunningP99)), Percentiles.Median(runs.Select(r => r.FinishedP50)),
        Percentiles.Median(runs.Select(r => r.FinishedP95)), Percentiles.Median(runs.Select(r => r.FinishedP99)),
        Percentiles.Median(runs.Select(r => r.RecordedP50)), Percentiles.Median(runs.Select(r => r.RecordedP99)),
        (int)Percentiles.Median(runs.Select(r => (double)r.Tasks)),
        Percentiles.Median(runs.Select(r => r.PublishedP50)), Percentiles.Median(runs.Select(r => r.PublishedP99)),
        Percentiles.Median(runs.Select(r => r.DeliveredP50)), Percentiles.Median(runs.Select(r => r.DeliveredP99)),
        Percentiles.Median(runs.Select(r => r.RequestP50)), Percentiles.Median(runs.Select(r => r.RequestP99)),
        Percentiles.Median(runs.Select(r => r.CoresBusy)), Percentiles.Median(runs.Select(r => r.BenchShare)),
        runs[0].CoresByProcess?.Keys.ToDictionary(name => name, name => Percentiles.Median(runs.Select(r => r.CoresByProcess?.GetValueOrDefault(name) ?? double.NaN))),
        BurstFigures.Median(runs.Select(r => r.RunningByRequest ?? BurstFigures.NotMeasured)),
        BurstFigures.Median(runs.Select(r => r.PublishedByRequest ?? BurstFigures.NotMeasured)));

    public string ToLine(int run) => string.Create(CultureInfo.InvariantCulture,
        $"run {run}: cold start {ColdStart.TotalSeconds:0.0} s, raw {RawMessagesPerSecond:0} msg/s, end to end {TasksPerSecond:0} tasks/s (first run {FirstRunTasksPerSecond:0}, {FirstRunTasksPerSecond / RawMessagesPerSecond:0.00} × raw) " +
        $"({TasksPerSecond / RawMessagesPerSecond:0.00} × raw), at {OfferedLoad:0}/s first pass accept→Running p50 {FirstHalfLoad.RunningP50:0.0} ms p99 {FirstHalfLoad.RunningP99:0.0} ms, then accept→Running p50 {Latency.RunningP50:0.0} ms p99 {Latency.RunningP99:0.0} ms, " +
        $"accept→Finished p50 {Latency.FinishedP50:0.0} ms p99 {Latency.FinishedP99:0.0} ms, accept→recorded p50 {Latency.RecordedP50:0.0} ms p99 {Latency.RecordedP99:0.0} ms, request round trip p50 {Latency.RequestP50:0.0} p99 {Latency.RequestP99:0.0}; with the tap accept→Running p50 {Stages.RunningP50:0.0} ms p99 {Stages.RunningP99:0.0} ms, stages: request round trip p50 {Stages.RequestP50:0.0} p99 {Stages.RequestP99:0.0}, accept→published p50 {Stages.PublishedP50:0.0} p99 {Stages.PublishedP99:0.0}, published→Running p50 {Stages.DeliveredP50:0.0} p99 {Stages.DeliveredP99:0.0} ms (raw classic {RawQueues.ClassicMessagesPerSecond:0} msg/s; broker ms/msg quorum {RawQueues.QuorumBrokerCpuMs:0.000} classic {RawQueues.ClassicBrokerCpuMs:0.000}) (raw publish→deliver p50 {RawLatency.P50:0.0} ms p99 {RawLatency.P99:0.0} ms, a burst's first / last p50 {RawLatency.ByBurst?.FirstP50:0.0} / {RawLatency.ByBurst?.LastP50:0.0} ms; a request's first / last task accept→Running p50 {Latency.RunningByRequest?.FirstP50:0.0} / {Latency.RunningByRequest?.LastP50:0.0} ms); at {ReferenceLoad:0}/s accept→Running p50 {ReferenceLatency.RunningP50:0.0} ms p99 {ReferenceLatency.RunningP99:0.0} ms; at {LightLoad:0}/s accept→Running p50 {LightLatency.RunningP50:0.0} ms p99 {LightLatency.RunningP99:0.0} ms; idle worker {IdleWorkerRss:0} MB, whole tree {IdleRss.Where(idle => !idle.Name.Contains("PSS", StringComparison.Ordinal)).Sum(idle => idle.Megabytes):0} MB RSS; CPU ms/task {string.Join(" ", CpuPerTask.Select(cpu => $"{cpu.Name} {cpu.Milliseconds:0.000}"))} total {CpuPerTask.Sum(cpu => cpu.Milliseconds):0.000}; first run {string.Join(" ", FirstRunCpuPerTask.Select(cpu => $"{cpu.Name} {cpu.Milliseconds:0.000}"))} total {FirstRunCpuPerTask.Sum(cpu => cpu.Milliseconds):0.000}");

    public object ToJson() => new
    {
        coldStartSeconds = ColdStart.TotalSeconds,
        rawMessagesPerSecond = RawMessagesPerSecond,
        firstRunTasksPerSecond = FirstRunTasksPerSecond,
        firstRunRatio = FirstRunTasksPerSecond / RawMessagesPerSecond,
        rawQueues = RawQueues,
        firstRunCpuMsPerTask = FirstRunCpuPerTask.ToDictionary(cpu => cpu.Name, cpu => cpu.Milliseconds),
        tasksPerSecond = TasksPerSecond,
        ratio = TasksPerSecond / RawMessagesPerSecond,
        offeredLoad = OfferedLoad,
        latency = Latency,
        stages = Stages,
        lightLatency = LightLatency,
        referenceLatency = ReferenceLatency,
        firstHalfLoad = FirstHalfLoad,
        rawLatency = RawLatency,
        idleWorkerRssMb = IdleWorkerRss,
        peakRssMb = PeakRss.ToDictionary(peak => peak.Name, peak => peak.Megabytes),
        cpuMsPerTask = CpuPerTask.ToDictionary(cpu => cpu.Name, cpu => cpu.Milliseconds),
        idleRssMb = IdleRss.ToDictionary(idle => idle.Name, idle => idle.Megabytes),
    };
}

// The raw ceiling's broker CPU per message on a quorum queue, and the same on a classic one.
public sealed record RawQueueFigures(double QuorumBrokerCpuMs, double ClassicMessagesPerSecond, double ClassicBrokerCpuMs);
