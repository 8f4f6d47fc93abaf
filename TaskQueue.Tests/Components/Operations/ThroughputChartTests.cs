using Bunit;
using TaskQueue.Web.Components.Operations;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Components.Operations;

public sealed class ThroughputChartTests : MudTestContext
{
    [Fact]
    public void Totals_over_the_window_and_a_line_per_outcome_are_drawn()
    {
        var start = new DateTimeOffset(2026, 1, 1, 11, 45, 10, TimeSpan.Zero);
        var points = Enumerable.Range(0, 90).Select(index => new ThroughputPoint(start.AddSeconds(index * 10), 10, index % 2 == 0 ? 30 : 0, 1)).ToList();

        var cut = Render<ThroughputChart>(parameters => parameters.Add(p => p.Points, points));

        Assert.Equal("1,350", cut.Find("[data-testid=throughput-finished-total]").TextContent.Trim());
        Assert.Equal("90", cut.Find("[data-testid=throughput-failed-total]").TextContent.Trim());
        Assert.Contains("Finished/s", cut.Find("[data-testid=throughput-chart]").TextContent);
        Assert.Contains("Failed/s", cut.Find("[data-testid=throughput-chart]").TextContent);
        Assert.NotEmpty(cut.FindAll("[data-testid=throughput-chart] svg path"));
    }
}
