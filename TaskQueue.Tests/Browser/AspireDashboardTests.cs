using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using TaskQueue.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// What an operator sees in Aspire's dashboard: every resource and replica running, and one
// task's trace across the web app, a worker and the sink.
[Collection(AspireDashboardCollection.Name)]
public sealed class AspireDashboardTests(AspireDashboardFixture fixture)
{
    [Fact]
    public async Task The_resources_page_shows_the_broker_web_sink_and_three_workers_running()
    {
        var page = await fixture.OpenAsync("/");
        var rows = page.GetByRole(AriaRole.Row);
        foreach (var resource in new[] { "messaging", "web", "sink", "migrations", "tasksdb" })
        {
            await Expect(rows.Filter(new() { HasText = resource }).First).ToBeVisibleAsync();
        }

        var workers = rows.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"\bworker-\w+") });
        await Expect(workers).ToHaveCountAsync(3, new() { Timeout = 60_000 });
        for (var i = 0; i < 3; i++)
        {
            await Expect(workers.Nth(i)).ToContainTextAsync("Running");
        }

        await Expect(rows.Filter(new() { HasText = "messaging" }).First).ToContainTextAsync("Running");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Operations" }).First).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "RabbitMQ management" }).First).ToBeVisibleAsync();
        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder.Path, "aspire-dashboard-resources.png") });
    }

    [Fact]
    public async Task A_tasks_trace_runs_through_web_worker_and_sink()
    {
        // The request starts the trace, so its id is known: the web app continues it, the outbox
        // carries it to the worker, the worker's event carries it to the sink.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tasks")
        {
            Content = JsonContent.Create(new { type = "fibonacci", input = new { n = 30 } }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await fixture.Api.SendAsync(request);
        var id = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.TrueAsync(async () =>
            (await fixture.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}")).GetProperty("status").GetString() == "Finished",
            TimeSpan.FromSeconds(60), "the task to finish");

        var page = await fixture.OpenAsync($"/traces/detail/{traceId}");
        foreach (var service in new[] { "web", "worker", "sink" })
        {
            await Expect(page.GetByText(new System.Text.RegularExpressions.Regex($"^{service}(-\\w+)?$")).First).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }

        await page.ScreenshotAsync(new() { Path = Path.Combine(ScreenshotFolder.Path, "aspire-dashboard-trace.png") });
    }
}
