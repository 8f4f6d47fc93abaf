using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.EndToEnd;

// The smallest proof that a whole system works: a task goes through web, worker and sink.
public static class SystemTasks
{
    public static async Task AssertATaskRunsAsync(HttpClient api)
    {
        using var created = await api.PostAsJsonAsync("/api/tasks", new { type = "fibonacci", input = new { n = 100 } });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var task = await Eventually.GetAsync(async () =>
        {
            var current = await api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
            return (current.GetProperty("status").GetString() == "Finished", current);
        }, TimeSpan.FromSeconds(90), "the task to finish");
        Assert.Equal("354224848179261915075", task.GetProperty("result").GetString());
    }
}
