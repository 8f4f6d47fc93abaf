using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskQueue.Bench;

// (b) Echo tasks accepted through the batch API until all are Finished in the database.
public static class EndToEndThroughput
{
    public static async Task<double> MeasureAsync(HttpClient api, int tasks)
    {
        var before = await FinishedAsync(api);
        var clock = Stopwatch.StartNew();
        var batches = Enumerable.Range(0, (tasks + 999) / 1000).Select(batch => Math.Min(1000, tasks - batch * 1000)).ToList();
        using var submitters = new SemaphoreSlim(2);
        await Task.WhenAll(batches.Select(async size =>
        {
            await submitters.WaitAsync();
            try
            {
                using var response = await api.PostAsJsonAsync("/api/tasks/batch",
                    new { tasks = Enumerable.Range(0, size).Select(i => new { type = "echo", input = new { value = i } }) });
                response.EnsureSuccessStatusCode();
            }
            finally
            {
                submitters.Release();
            }
        }));

        while (await FinishedAsync(api) - before < tasks)
        {
            // Polling has a cost on the system under test; 100 ms is 1–2 % of a run.
            await Task.Delay(100);
        }

        return tasks / clock.Elapsed.TotalSeconds;
    }

    public static async Task<int> FinishedAsync(HttpClient api)
    {
        var stats = await api.GetFromJsonAsync<JsonElement>("/api/stats");
        return stats.GetProperty("Finished").GetInt32() + stats.GetProperty("Failed").GetInt32();
    }
}
