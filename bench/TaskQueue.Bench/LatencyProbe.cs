using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace TaskQueue.Bench;

public sealed record LatencyFigures(
    double RunningP50, double RunningP95, double RunningP99, double FinishedP50, double FinishedP95, double FinishedP99,
    double RecordedP50, double RecordedP99, int Tasks,
    double PublishedP50 = double.NaN, double PublishedP99 = double.NaN, double DeliveredP50 = double.NaN, double DeliveredP99 = double.NaN,
    double RequestP50 = double.NaN, double RequestP99 = double.NaN, double CoresBusy = double.NaN, double BenchShare = double.NaN,
    IReadOnlyDictionary<string, double>? CoresByProcess = null, BurstFigures? RunningByRequest = null, BurstFigures? PublishedByRequest = null)
{
    public static LatencyFigures NotMeasured { get; } = new(double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN, 0);
}

// (c) Latency at a fixed offered load, then accept→Running (startedAt − createdAt),
// accept→Finished (finishedAt − createdAt) and accept→recorded (updatedAt − createdAt: the sink
// wrote the outcome) read from the database. startedAt is the worker's clock when it took the
// task, whether it announced Running separately (tasks slower than a few ms) or only in its
// Finished event (fast tasks, such as these echo tasks). Every 10 ms the tasks due so far are posted, as one
// request (a batch when several are due: about 2 at 200/s, 16 at 1,600/s), the way the
// maximum was measured; one request and one transaction per task tops out near 1,000 a
// second on this machine. With a CSV path it also writes each task's timestamps there (UTC
// ticks), for looking at when the slow ones happened: stalls come in clusters.
// With splitStages a TaskTap times when each task was published, which splits accept→Running
// in two; the copy it takes of every task costs the bench and the broker CPU, which at half load
// put 6 % more of the cores to work and ~2 ms on accept→Running (bench/, 2026-12-03), so the
// headline figures come from a pass without it.
public static class LatencyProbe
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(10);

    public static async Task<LatencyFigures> MeasureAsync(
        HttpClient api, string databasePath, string brokerConnectionString, double tasksPerSecond, TimeSpan duration,
        IReadOnlyList<(string Name, int Pid)> processes, bool splitStages, string? csvPath = null)
    {
        await using var tap = splitStages ? await TaskTap.StartAsync(brokerConnectionString) : null;
        var ids = new List<Guid>();
        var requests = new List<double>();
        var clock = Stopwatch.StartNew();
        var sent = 0;
        var inFlight = new List<Task>();
        var cpuBefore = MachineCpu.Take();
        var processesBefore = CpuSnapshot.Take(processes);
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * tasksPerSecond) + 1;
            if (due - sent == 1)
            {
                inFlight.Add(TimedAsync(requests, () => PostAsync(api, ids)));
                sent = due;
            }
            else if (due > sent)
            {
                var count = due - sent;
                inFlight.Add(TimedAsync(requests, () => PostBatchAsync(api, ids, count)));
                sent = due;
            }

            await Task.Delay(s_tick);
        }

        var (busy, benchShare) = MachineCpu.Take().Since(cpuBefore, clock.Elapsed);
        var coresByProcess = CpuSnapshot.Take(processes).CoresSince(processesBefore, clock.Elapsed);
        await Task.WhenAll(inFlight);
        await WaitUntilFinishedAsync(databasePath, ids);
        requests.Sort();
        return Read(databasePath, ids, tap, csvPath) with
        {
            RequestP50 = Percentiles.Of(requests, 50), RequestP99 = Percentiles.Of(requests, 99), CoresBusy = busy, BenchShare = benchShare,
            CoresByProcess = coresByProcess,
        };
    }

    // The request's round trip: parsing, validation, the insert and its commit (the web app
    // answers once the task and its outbox row are stored), the answer.
    private static async Task TimedAsync(List<double> requests, Func<Task> post)
    {
        var started = Stopwatch.GetTimestamp();
        await post();
        lock (requests)
        {
            requests.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    private static async Task PostAsync(HttpClient api, List<Guid> ids)
    {
        using var response = await api.PostAsJsonAsync("/api/tasks", new { type = "echo", input = new { value = 1 } });
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        lock (ids)
        {
            ids.Add(id);
        }
    }

    private static async Task PostBatchAsync(HttpClient api, List<Guid> ids, int count)
    {
        using var response = await api.PostAsJsonAsync("/api/tasks/batch",
            new { tasks = Enumerable.Range(0, count).Select(_ => new { type = "echo", input = new { value = 1 } }) });
        var created = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("ids").EnumerateArray().Select(id => id.GetGuid());
        lock (ids)
        {
            ids.AddRange(created);
        }
    }

    private static async Task WaitUntilFinishedAsync(string databasePath, List<Guid> ids)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (DateTime.UtcNow < deadline && Read(databasePath, ids, tap: null).Tasks < ids.Count)
        {
            await Task.Delay(100);
        }
    }

    private static LatencyFigures Read(string databasePath, List<Guid> ids, TaskTap? tap, string? csvPath = null)
    {
        var wanted = ids.Select(id => id.ToString().ToUpperInvariant()).ToHashSet();
        var published = new List<double>();
        var publishedByRequest = new List<(long Accepted, double Milliseconds)>();
        var delivered = new List<double>();
        var running = new List<double>();
        var runningByRequest = new List<(long Accepted, double Milliseconds)>();
        var finished = new List<double>();
        var recorded = new List<double>();
        using var connection = new SqliteConnection($"Data Source={databasePath};Mode=ReadOnly");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT Id, CreatedAt, StartedAt, FinishedAt, UpdatedAt FROM Tasks WHERE Status = 'Finished'";
        using var reader = command.ExecuteReader();
        using var csv = csvPath is null ? null : new StreamWriter(csvPath);
        csv?.WriteLine("id,accepted,published,running,finished,recorded");
        while (reader.Read())
        {
            if (!wanted.Contains(reader.GetString(0)))
            {
                continue;
            }

            var created = reader.GetInt64(1);
            var publishedAt = tap?.ReceivedAt(Guid.Parse(reader.GetString(0)));
            csv?.WriteLine($"{reader.GetString(0)},{created},{publishedAt?.UtcTicks},{reader.GetInt64(2)},{reader.GetInt64(3)},{reader.GetInt64(4)}");
            if (publishedAt is { } copied)
            {
                published.Add((copied.UtcTicks - created) / (double)TimeSpan.TicksPerMillisecond);
                publishedByRequest.Add((created, published[^1]));
                delivered.Add((reader.GetInt64(2) - copied.UtcTicks) / (double)TimeSpan.TicksPerMillisecond);
            }

            running.Add((reader.GetInt64(2) - created) / (double)TimeSpan.TicksPerMillisecond);
            runningByRequest.Add((created, running[^1]));
            finished.Add((reader.GetInt64(3) - created) / (double)TimeSpan.TicksPerMillisecond);
            recorded.Add((reader.GetInt64(4) - created) / (double)TimeSpan.TicksPerMillisecond);
        }

        running.Sort();
        finished.Sort();
        recorded.Sort();
        published.Sort();
        delivered.Sort();
        return new LatencyFigures(
            Percentiles.Of(running, 50), Percentiles.Of(running, 95), Percentiles.Of(running, 99),
            Percentiles.Of(finished, 50), Percentiles.Of(finished, 95), Percentiles.Of(finished, 99),
            Percentiles.Of(recorded, 50), Percentiles.Of(recorded, 99), running.Count,
            Percentiles.Of(published, 50), Percentiles.Of(published, 99), Percentiles.Of(delivered, 50), Percentiles.Of(delivered, 99))
        {
            // The tasks of one request share their accept time.
            RunningByRequest = BurstSpread.Of(runningByRequest),
            PublishedByRequest = BurstSpread.Of(publishedByRequest),
        };
    }
}
