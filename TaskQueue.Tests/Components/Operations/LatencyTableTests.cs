using Bunit;
using TaskQueue.Web.Components.Operations;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Components.Operations;

public sealed class LatencyTableTests : MudTestContext
{
    [Fact]
    public void Queue_wait_and_run_time_percentiles_are_shown_with_units()
    {
        var summary = new LatencySummary(
            250,
            new Percentiles(TimeSpan.FromMilliseconds(4), TimeSpan.FromMilliseconds(35), TimeSpan.FromMilliseconds(480)),
            new Percentiles(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(2)));

        var cut = Render<LatencyTable>(parameters => parameters.Add(p => p.Summary, summary));

        var wait = cut.Find("[data-testid=latency-row][data-measure=queue-wait]").QuerySelectorAll("td").Select(cell => cell.TextContent.Trim());
        var run = cut.Find("[data-testid=latency-row][data-measure=run-time]").QuerySelectorAll("td").Select(cell => cell.TextContent.Trim());
        Assert.Equal(["Queue wait", "4 ms", "35 ms", "480 ms"], wait);
        Assert.Equal(["Run time", "1.5 s", "20.0 s", "2 min 0 s"], run);
        Assert.Contains("250 most recent", cut.Markup);
    }

    [Fact]
    public void Nothing_ended_recently_says_so()
    {
        var cut = Render<LatencyTable>(parameters => parameters.Add(p => p.Summary, new LatencySummary(0, null, null)));

        Assert.NotNull(cut.Find("[data-testid=latency-empty]"));
    }
}
