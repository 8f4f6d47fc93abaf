using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace TaskQueue.Tests.Browser;

// The AppHost dashboard against a running system with 3 workers, driven as a person would,
// photographing each view for the README once it shows what its caption says.
[Collection(DashboardCollection.Name)]
public sealed class DashboardTests(DashboardFixture fixture)
{
    private static readonly string s_screenshots = Path.Combine(
        RepositoryFolder.Find() ?? throw new InvalidOperationException("TaskQueue.sln not found"), "docs", "screenshots");

    [Fact]
    public async Task Resources_show_three_running_workers_and_a_restart_from_the_ui_replaces_one()
    {
        var page = await fixture.OpenAsync("/");
        foreach (var worker in new[] { "worker-1", "worker-2", "worker-3" })
        {
            await Expect(Row(page, worker)).ToHaveAttributeAsync("data-state", "Running");
        }

        var before = fixture.AppHost.ReadState().Resource("worker-2");
        await Row(page, "worker-2").GetByTestId("resource-restart").ClickAsync();
        await Expect(Row(page, "worker-2")).ToHaveAttributeAsync("data-restarts", $"{before.Restarts + 1}");
        await Expect(Row(page, "worker-2")).ToHaveAttributeAsync("data-state", "Running", new() { Timeout = 60_000 });
        await Expect(Row(page, "worker-2")).Not.ToHaveAttributeAsync("data-pid", $"{before.Pid}");
        Assert.NotEqual(before.Pid, fixture.AppHost.ReadState().Resource("worker-2").Pid);

        // The environment, with the broker's password masked wherever it appears.
        var password = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(fixture.AppHost.DataDir, "rabbitmq", "credentials.json")))
            .RootElement.GetProperty("Password").GetString()!;
        await Row(page, "worker-2").GetByTestId("resource-expand").ClickAsync();
        var environment = page.Locator("[data-testid=resource-environment][data-name=worker-2]");
        var messaging = environment.Locator("[data-testid=environment-variable][data-name=ConnectionStrings__messaging]");
        await Expect(messaging).ToContainTextAsync("amqp://taskqueue:••••••••@127.0.0.1:");
        await Expect(environment).Not.ToContainTextAsync(password);
        await Expect(environment.Locator("[data-name=OTEL_EXPORTER_OTLP_ENDPOINT]")).ToContainTextAsync(fixture.DashboardAddress.ToString().TrimEnd('/'));

        await Screenshot(page, "dashboard-resources.png");
    }

    [Fact]
    public async Task Console_logs_show_a_resources_lines_and_search_filters_them()
    {
        var page = await fixture.OpenAsync("/console/apphost");
        var lines = page.GetByTestId("console-line");
        await Expect(lines.Filter(new() { HasText = "worker-3: started" })).ToHaveCountAsync(1);
        Assert.True(await lines.CountAsync() > 5);

        await SearchBox(page, "console-search").FillAsync("worker-3: started");
        await Expect(lines).ToHaveCountAsync(1);

        var webPage = await fixture.OpenAsync("/console/web");
        await Expect(webPage.GetByTestId("console-line").First).ToBeVisibleAsync();
        await SearchBox(webPage, "console-search").FillAsync("Now listening on");
        await Expect(webPage.GetByTestId("console-line")).ToHaveCountAsync(1);
        await Expect(webPage.GetByTestId("console-line")).ToContainTextAsync("Now listening on: http://localhost:");
        await Screenshot(webPage, "dashboard-console.png");
        await webPage.Context.CloseAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_tasks_trace_runs_from_the_web_app_through_a_worker_to_the_sink()
    {
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks", new { type = "fibonacci", name = "traced fibonacci", input = new { n = 90 } });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var page = await fixture.OpenAsync("/traces");
        var filter = SearchBox(page, "traces-filter");
        await filter.FillAsync("POST /api/tasks");
        var trace = page.GetByTestId("trace-row").First;
        // The sink's spans arrive last (its exporter sends once a second).
        await Expect(trace).ToContainTextAsync("sink", new() { Timeout = 30_000 });
        await Screenshot(page, "dashboard-traces.png");

        await trace.GetByTestId("trace-link").ClickAsync();
        var spans = page.GetByTestId("waterfall-span");
        foreach (var service in new[] { "web", "worker", "sink" })
        {
            await Expect(page.Locator($"[data-testid=waterfall-span][data-service={service}]").First).ToBeVisibleAsync();
        }

        await Expect(page.Locator("[data-testid=waterfall-span][data-service=web][data-kind=Server]")).ToContainTextAsync("POST /api/tasks");
        await Expect(page.Locator("[data-testid=waterfall-span][data-service=worker][data-kind=Consumer]").First).ToContainTextAsync("process taskqueue.tasks");
        await Expect(page.Locator("[data-testid=waterfall-span][data-service=sink][data-kind=Consumer]").First).ToContainTextAsync("process taskqueue.sink");
        Assert.True(await spans.CountAsync() >= 5);
        await spans.Nth(2).ClickAsync();
        await Expect(page.GetByTestId("span-attributes")).ToContainTextAsync("messaging.system");
        await Screenshot(page, "dashboard-trace.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_metrics_page_charts_cpu_and_memory_per_process()
    {
        // Some work for the charts to show: the workers and the sink busy for a few seconds.
        var batch = Enumerable.Range(0, 1000).Select(index => new { type = "echo", name = $"load {index}", input = new { value = index } });
        using var response = await fixture.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks = batch });
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        await Task.Delay(TimeSpan.FromSeconds(12));

        var page = await fixture.OpenAsync("/metrics");
        var memory = page.Locator("[data-testid=metric-chart][data-title='Memory (working set)']");
        // Metrics are exported every 5 s; the chart appears with the first export.
        await Expect(memory.Locator("svg path").First).ToBeAttachedAsync(new() { Timeout = 30_000 });
        await Expect(page.Locator("[data-testid=metric-chart][data-title=CPU]").Locator("svg path").First).ToBeAttachedAsync();
        Assert.True(int.Parse(await memory.GetAttributeAsync("data-series") ?? "0", System.Globalization.CultureInfo.InvariantCulture) >= 5);
        await Screenshot(page, "dashboard-metrics.png");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Structured_logs_show_each_services_start_up_lines_and_filter_by_resource_and_level()
    {
        var page = await fixture.OpenAsync("/structured-logs");
        var rows = page.GetByTestId("log-row");

        // Every service connects to the broker as it starts, and says so at Information.
        await SearchBox(page, "logs-search").FillAsync("Connected to RabbitMQ at");
        foreach (var resource in new[] { "worker-1", "worker-2", "worker-3", "sink" })
        {
            await Expect(page.Locator($"[data-testid=log-row][data-resource={resource}]").First).ToContainTextAsync("Connected to RabbitMQ at");
        }

        await SearchBox(page, "logs-search").FillAsync("");
        await Choose(page, "logs-resource", "worker-1");
        // The worker's id is its replica name and process id (worker-1:6811).
        var consuming = rows.Filter(new() { HasTextRegex = new System.Text.RegularExpressions.Regex(@"Worker worker-1:\d+ consuming taskqueue\.tasks with concurrency \d+") });
        await Expect(consuming.First).ToBeVisibleAsync();
        await Expect(page.Locator("[data-testid=log-row]:not([data-resource=worker-1])")).ToHaveCountAsync(0);
        await Expect(consuming.First.GetByTestId("log-level")).ToHaveTextAsync("Information");

        // The row opens onto the message's structured values.
        await consuming.First.ClickAsync();
        var attributes = page.GetByTestId("log-attributes");
        await Expect(attributes.Locator("[data-testid=log-attribute][data-name=WorkerId]")).ToContainTextAsync("worker-1");
        await Expect(attributes).ToContainTextAsync("TaskQueue.Worker");
        await Screenshot(page, "dashboard-structured-logs.png");

        await Choose(page, "logs-level", "Warning");
        await Expect(consuming).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    // A MudSelect opens a popover list on click; its options are not in the select itself.
    private static async Task Choose(IPage page, string testId, string option)
    {
        await page.Locator($"[data-testid={testId}]").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item").GetByText(option, new() { Exact = true }).ClickAsync();
        await Expect(page.Locator(".mud-popover-open")).ToHaveCountAsync(0);
    }

    // MudTextField puts its attributes on the input itself.
    private static ILocator SearchBox(IPage page, string testId) => page.Locator($"input[data-testid={testId}]");

    private static ILocator Row(IPage page, string name) => page.Locator($"[data-testid=resource-row][data-name={name}]");

    private static async Task Screenshot(IPage page, string file)
    {
        Directory.CreateDirectory(s_screenshots);
        await Expect(page.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(s_screenshots, file), Animations = ScreenshotAnimations.Disabled });
        Assert.True(new FileInfo(Path.Combine(s_screenshots, file)).Length > 10_000, $"{file} is (nearly) empty");
    }
}
