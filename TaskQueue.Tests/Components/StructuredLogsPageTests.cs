using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using TaskQueue.AppHost.Dashboard.Components.Pages;
using TaskQueue.AppHost.Dashboard.Telemetry;

namespace TaskQueue.Tests.Components;

// The dashboard's structured logs page on stores filled by hand.
public sealed class StructuredLogsPageTests : MudTestContext
{
    private const string KnownTrace = "5b8efff798038103d269b633813fc60c";
    private const string UnknownTrace = "0af7651916cd43dd8448eb211c80319c";
    private static readonly DateTimeOffset s_start = new(2026, 11, 24, 3, 0, 0, TimeSpan.Zero);

    private readonly LogStore _logs = new();
    private readonly TraceStore _traces = new();

    public StructuredLogsPageTests()
    {
        Services.AddSingleton(_logs);
        Services.AddSingleton(_traces);
        _traces.Add([new SpanRecord(KnownTrace, "0000000000000001", null, "POST /api/tasks", "Server", "web", "web", s_start, s_start.AddMilliseconds(5), false, [])]);
        _logs.Add(
        [
            Record(0, "web", LogLevel.Information, "Task accepted", KnownTrace),
            Record(1, "worker-1", LogLevel.Error, "Task failed", UnknownTrace, ("TaskId", "42")),
        ]);
    }

    [Fact]
    public void Rows_are_newest_first_with_a_level_chip_and_a_trace_link_only_for_a_trace_the_dashboard_has()
    {
        var page = Render<StructuredLogs>();
        var rows = page.FindAll("[data-testid=log-row]");

        Assert.Equal(["worker-1", "web"], rows.Select(row => row.GetAttribute("data-resource")));
        Assert.Contains("mud-chip-color-error", rows[0].QuerySelector("[data-testid=log-level]")!.ClassList);
        Assert.Contains("mud-chip-color-info", rows[1].QuerySelector("[data-testid=log-level]")!.ClassList);
        Assert.Null(rows[0].QuerySelector("[data-testid=log-trace-link]"));
        Assert.Equal($"/traces/{KnownTrace}", rows[1].QuerySelector("[data-testid=log-trace-link]")!.GetAttribute("href"));
    }

    [Fact]
    public void A_row_click_opens_and_closes_its_attributes()
    {
        var page = Render<StructuredLogs>();
        Assert.Empty(page.FindAll("[data-testid=log-attributes]"));

        page.FindAll("[data-testid=log-row]")[0].Click();
        var attribute = page.Find("[data-testid=log-attributes] [data-testid=log-attribute][data-name=TaskId]");
        Assert.Contains("42", attribute.TextContent);
        Assert.Contains(UnknownTrace, page.Find("[data-testid=log-attributes]").TextContent);

        page.FindAll("[data-testid=log-row]")[0].Click();
        Assert.Empty(page.FindAll("[data-testid=log-attributes]"));
    }

    private static LogRecord Record(int second, string instance, LogLevel level, string message, string traceId, params (string Key, string Value)[] attributes) =>
        new(s_start.AddSeconds(second), instance.Split('-')[0], instance, level, "TaskQueue.Tests", message,
            [.. attributes.Select(attribute => KeyValuePair.Create(attribute.Key, attribute.Value))], traceId);
}
