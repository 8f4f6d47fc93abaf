using System.Globalization;
using System.Text.Json;
using TaskQueue.Bench;

// Measures TaskQueue against the raw ceiling of the same broker, in the same run:
// dotnet run -c Release --project bench/TaskQueue.Bench [-- --runs 3 --tasks 20000 --database sqlite|postgres --sinks 1 --latency-csv DIR ...]
var options = BenchOptions.Parse(args);
if (options.Scenario == "priority")
{
    // dotnet run -c Release --project bench/TaskQueue.Bench -- --scenario priority --tasks 10000 [--workers 2]
    Console.WriteLine($"priority: a high and a normal task behind {options.Tasks:N0} normal tasks of 50 ms, {options.Workers} workers…");
    var probes = await PriorityBenchmark.MeasureAsync(options);
    Console.WriteLine(JsonSerializer.Serialize(probes));
    return;
}

if (options.Scenario == "serializer")
{
    // dotnet run -c Release --project bench/TaskQueue.Bench -- --scenario serializer
    foreach (var figures in SerializerBenchmark.Measure(1_000_000))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{figures.Message,-12} first call {figures.FirstCallMs,6:0.00} ms   serialize {figures.SerializeNs,6:0} ns {figures.SerializeBytes,5} B   deserialize {figures.DeserializeNs,6:0} ns {figures.DeserializeBytes,5} B"));
    }

    return;
}

var runs = new List<RunFigures>();
for (var run = 1; run <= options.Runs; run++)
{
    Console.WriteLine($"run {run}/{options.Runs}: starting the system (AppHost, {options.Workers} workers, {options.Database}, {options.Sinks} sink(s))…");
    runs.Add(await RunFigures.MeasureAsync(options));
    Console.WriteLine(runs[^1].ToLine(run));
}

Console.WriteLine($"list page over {options.ListRows:N0} tasks…");
var list = await ListQueryBenchmark.MeasureAsync(options.ListRows);

var median = RunFigures.Median(runs);
Console.WriteLine();
Console.WriteLine($"TaskQueue benchmark — {Environment.ProcessorCount} cores, median of {runs.Count} run(s)");
Console.WriteLine($"{"measure",-46} {"value",12}  target");
void Row(string name, double value, string unit, string target) =>
    Console.WriteLine($"{name,-46} {value.ToString(value < 10 ? "N2" : "N1", CultureInfo.InvariantCulture),10} {unit,-5} {target}");

// How busy all cores were while a latency probe ran, the bench's own share and each process's.
void CoreRows(string when, LatencyFigures probe)
{
    Row($"    all cores busy {when}", probe.CoresBusy * 100, "%", "");
    Row("    of which the bench itself", probe.BenchShare * 100, "%", "");
    foreach (var (name, cores) in probe.CoresByProcess ?? new Dictionary<string, double>())
    {
        Row($"    of which {name}", cores * 100 / Environment.ProcessorCount, "%", "");
    }
}

// Where in its request a task was: the first pays the path, the last also waits for the rest.
void BurstRows(string first, string last, LatencyFigures probe)
{
    Row($"{first}: accept→published p50", probe.PublishedByRequest?.FirstP50 ?? double.NaN, "ms", "");
    Row($"{first}: accept→Running p50", probe.RunningByRequest?.FirstP50 ?? double.NaN, "ms", "");
    Row($"{last}: accept→published p50", probe.PublishedByRequest?.LastP50 ?? double.NaN, "ms", "");
    Row($"{last}: accept→Running p50", probe.RunningByRequest?.LastP50 ?? double.NaN, "ms", "");
}

Row("(a) raw broker ceiling (publish+consume)", median.RawMessagesPerSecond, "msg/s", "");
Row("    broker CPU per raw message, quorum queue", median.RawQueues.QuorumBrokerCpuMs, "ms", "");
Row("    the same into a classic durable queue", median.RawQueues.ClassicMessagesPerSecond, "msg/s", "");
Row("    broker CPU per raw message, classic queue", median.RawQueues.ClassicBrokerCpuMs, "ms", "");
Row("(b) end to end, echo tasks accepted→Finished", median.TasksPerSecond, "tps", "≥ 3000 and ≥ 0.25 × (a)");
Row("    ratio (b)/(a), steady state", Percentiles.Median(runs.Select(r => r.TasksPerSecond / r.RawMessagesPerSecond)), "", "≥ 0.25");
Row("    cold: first 20,000 after Ready", median.FirstRunTasksPerSecond, "tps", "");
Row("    ratio cold/(a)", Percentiles.Median(runs.Select(r => r.FirstRunTasksPerSecond / r.RawMessagesPerSecond)), "", "≥ 0.2");
Row($"(c) accept→Running p50 at {median.OfferedLoad:N0}/s", median.Latency.RunningP50, "ms", "≤ 5");
Row("    the first pass at that load (JIT warming): p50", median.FirstHalfLoad.RunningP50, "ms", "");
Row("    the first pass: p99", median.FirstHalfLoad.RunningP99, "ms", "");
Row("    the first pass: all cores busy", median.FirstHalfLoad.CoresBusy * 100, "%", "");
Row("    accept→Running p95", median.Latency.RunningP95, "ms", "");
Row("    accept→Running p99", median.Latency.RunningP99, "ms", "≤ 50");
Row("    the request's round trip p50", median.Latency.RequestP50, "ms", "");
Row("    the request's round trip p99", median.Latency.RequestP99, "ms", "");
Row("    a request's first task: accept→Running p50", median.Latency.RunningByRequest?.FirstP50 ?? double.NaN, "ms", "");
Row("    a request's last task: accept→Running p50", median.Latency.RunningByRequest?.LastP50 ?? double.NaN, "ms", "");
Row("    accept→Finished p50", median.Latency.FinishedP50, "ms", "");
Row("    accept→Finished p99", median.Latency.FinishedP99, "ms", "");
Row("    accept→recorded by the sink p50", median.Latency.RecordedP50, "ms", "");
Row("    accept→recorded by the sink p99", median.Latency.RecordedP99, "ms", "");
CoreRows("during the probe", median.Latency);
Row("    again, with the tap: accept→Running p50", median.Stages.RunningP50, "ms", "");
Row("    with the tap: accept→Running p99", median.Stages.RunningP99, "ms", "");
Row("    stage: the request's round trip p50", median.Stages.RequestP50, "ms", "");
Row("    stage: accept→published (web, outbox) p50", median.Stages.PublishedP50, "ms", "");
Row("    stage: accept→published p99", median.Stages.PublishedP99, "ms", "");
Row("    stage: published→Running (queue, worker) p50", median.Stages.DeliveredP50, "ms", "");
Row("    stage: published→Running p99", median.Stages.DeliveredP99, "ms", "");
BurstRows("    a request's first task", "    a request's last task", median.Stages);
Row("    all cores busy with the tap", median.Stages.CoresBusy * 100, "%", "");
Row("    of which the bench itself", median.Stages.BenchShare * 100, "%", "");
Row("    floor: raw publish→deliver p50, same pace", median.RawLatency.P50, "ms", "");
Row("    floor: raw publish→deliver p99", median.RawLatency.P99, "ms", "");
Row("    floor: a burst's first message p50", median.RawLatency.ByBurst?.FirstP50 ?? double.NaN, "ms", "");
Row("    floor: a burst's last message p50", median.RawLatency.ByBurst?.LastP50 ?? double.NaN, "ms", "");
Row($"    accept→Running p50 at {RunFigures.ReferenceLoad:N0}/s", median.ReferenceLatency.RunningP50, "ms", "");
Row($"    accept→Running p99 at {RunFigures.ReferenceLoad:N0}/s", median.ReferenceLatency.RunningP99, "ms", "");
Row($"    a request's first task p50 at {RunFigures.ReferenceLoad:N0}/s", median.ReferenceLatency.RunningByRequest?.FirstP50 ?? double.NaN, "ms", "");
Row($"    a request's last task p50 at {RunFigures.ReferenceLoad:N0}/s", median.ReferenceLatency.RunningByRequest?.LastP50 ?? double.NaN, "ms", "");
Row($"    all cores busy at {RunFigures.ReferenceLoad:N0}/s", median.ReferenceLatency.CoresBusy * 100, "%", "");
Row($"    accept→Running p50 at {RunFigures.LightLoad:N0}/s", median.LightLatency.RunningP50, "ms", "");
Row($"    accept→Running p99 at {RunFigures.LightLoad:N0}/s", median.LightLatency.RunningP99, "ms", "");
CoreRows($"at {RunFigures.LightLoad:N0}/s", median.LightLatency);
foreach (var (name, megabytes) in median.PeakRss)
{
    Row($"(d) peak RSS {name}", megabytes, "MB", "");
}

foreach (var (name, milliseconds) in median.CpuPerTask)
{
    Row($"    CPU per task, {name}", milliseconds, "ms", "");
}

Row("    CPU per task, all processes", median.CpuPerTask.Sum(cpu => cpu.Milliseconds), "ms", "");
Row("    CPU per task, all processes, cold run", median.FirstRunCpuPerTask.Sum(cpu => cpu.Milliseconds), "ms", "");
Row("    idle worker RSS", median.IdleWorkerRss, "MB", "≤ 80");
foreach (var (name, megabytes) in median.IdleRss)
{
    Row($"    idle RSS, {name}", megabytes, "MB", "");
}

Row("    idle RSS, the whole process tree (sum)", median.IdleRss.Where(idle => !idle.Name.Contains("PSS", StringComparison.Ordinal)).Sum(idle => idle.Megabytes), "MB", "");
Row("(e) list page (50 newest + total)", list.FirstPageMs, "ms", "≤ 50");
Row("    list page, status filter", list.StatusFilterMs, "ms", "");
Row("    search by id", list.SearchByIdMs, "ms", "");
Row("    counts by status", list.CountByStatusMs, "ms", "");
Row("(f) AppHost cold start to Ready", median.ColdStart.TotalSeconds, "s", "≤ 10");

Console.WriteLine(JsonSerializer.Serialize(new
{
    cores = Environment.ProcessorCount,
    runs = runs.Select(r => r.ToJson()),
    median = median.ToJson(),
    list,
}, new JsonSerializerOptions { NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
