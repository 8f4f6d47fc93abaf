using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskQueue.Bench;

// How long a high-priority task waits behind a backlog of normal ones: 10,000 normal tasks of
// 50 ms keep 2 workers (32 slots) busy for ~16 s. A high task and, for contrast, a normal one
// are submitted together once the backlog is on the broker (the outbox is empty), then every
// second while it drains; each one's wait is accept→Running from its own record. The very
// first pair is submitted right behind the last batch of the backlog, before the outbox has
// published it: the outbox is first in, first out, so that pair also waits for the rest of
// the backlog to be published.
public static class PriorityBenchmark
{
    public sealed record Probe(string When, double HighStartMs, double NormalStartMs);

    public static async Task<IReadOnlyList<Probe>> MeasureAsync(BenchOptions options)
    {
        await using var system = await BenchSystem.StartAsync(options.Workers, options.Database, options.Sinks);
        using var api = new HttpClient { BaseAddress = system.BaseAddress, Timeout = TimeSpan.FromMinutes(2) };
        api.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchSystem.ApiKey);

        // Warm every path once, so the first probe does not pay for the JIT.
        await WaitForStartAsync(api, await SubmitAsync(api, "high", "warm-up"));

        for (var batch = 0; batch < options.Tasks / 1000; batch++)
        {
            using var response = await api.PostAsJsonAsync("/api/tasks/batch", new
            {
                tasks = Enumerable.Range(0, 1000).Select(i => new { type = "simulation", name = "backlog", input = new { seconds = 0.05, steps = 5 } }),
            });
            response.EnsureSuccessStatusCode();
        }

        var pairs = new List<(string When, Guid High, Guid Normal)> { ("right behind the burst", await SubmitAsync(api, "high", "probe"), await SubmitAsync(api, "normal", "probe")) };
        for (var second = 1; second <= 5; second++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1));
            pairs.Add(($"{second} s into the backlog", await SubmitAsync(api, "high", "probe"), await SubmitAsync(api, "normal", "probe")));
        }

        var probes = new List<Probe>();
        foreach (var (when, high, normal) in pairs)
        {
            probes.Add(new Probe(when, await WaitForStartAsync(api, high), await WaitForStartAsync(api, normal)));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {when,-24} high {probes[^1].HighStartMs,8:N1} ms   normal {probes[^1].NormalStartMs,9:N1} ms"));
        }

        return probes;
    }

    private static async Task<Guid> SubmitAsync(HttpClient api, string priority, string name)
    {
        using var response = await api.PostAsJsonAsync("/api/tasks", new { type = "echo", name = $"{name}-{priority}", input = new { value = 1 }, priority });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    // Accept→Running: the task's own startedAt minus its createdAt (both stamped on this machine).
    private static async Task<double> WaitForStartAsync(HttpClient api, Guid id)
    {
        while (true)
        {
            var task = await api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
            if (task.GetProperty("startedAt") is { ValueKind: JsonValueKind.String } started)
            {
                return (started.GetDateTimeOffset() - task.GetProperty("createdAt").GetDateTimeOffset()).TotalMilliseconds;
            }

            await Task.Delay(100);
        }
    }
}
