using Bunit;
using TaskQueue.Web.Components.Operations;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Components.Operations;

public sealed class QueuesTableTests : MudTestContext
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Each_queue_shows_depth_consumers_and_rates()
    {
        var snapshot = new QueueStatsSnapshot([new QueueStats("taskqueue.tasks", 1543, 1495, 48, 3, 120.4, 0.24, 41.2)], null, s_now);

        var cut = Render<QueuesTable>(parameters => parameters.Add(p => p.Snapshot, snapshot));

        var row = cut.Find("[data-testid=queue-row][data-queue='taskqueue.tasks']");
        Assert.Equal("1,543", row.QuerySelector("[data-testid=queue-depth]")!.TextContent.Trim());
        Assert.Equal("48", row.QuerySelector("[data-testid=queue-unacked]")!.TextContent.Trim());
        Assert.Equal("3", row.QuerySelector("[data-testid=queue-consumers]")!.TextContent.Trim());
        Assert.Equal("120/s", row.QuerySelector("[data-testid=queue-in-rate]")!.TextContent.Trim());
        Assert.Equal("0.2/s", row.QuerySelector("[data-testid=queue-out-rate]")!.TextContent.Trim());
    }

    [Fact]
    public void Without_the_management_api_the_reason_is_shown_not_an_error()
    {
        var snapshot = QueueStatsSnapshot.Unavailable("services__messaging__management__0 is not set.", s_now);

        var cut = Render<QueuesTable>(parameters => parameters.Add(p => p.Snapshot, snapshot));

        Assert.Contains("services__messaging__management__0 is not set.", cut.Find("[data-testid=queues-unavailable]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=queues-table]"));
    }

    [Fact]
    public void Per_process_listener_queues_are_hidden_until_asked_for()
    {
        var snapshot = new QueueStatsSnapshot(
            [new QueueStats("taskqueue.tasks", 0, 0, 0, 3, 0, 0, 0), new QueueStats("amq.gen-FzqfI-eTl7EnJb8TCo_j9A", 0, 0, 0, 1, 0, 0, 0)], null, s_now);

        var cut = Render<QueuesTable>(parameters => parameters.Add(p => p.Snapshot, snapshot));
        Assert.Equal(["taskqueue.tasks"], cut.FindAll("[data-testid=queue-row]").Select(row => row.GetAttribute("data-queue")));

        cut.Find("input[data-testid=show-listener-queues]").Change(true);

        Assert.Equal(2, cut.FindAll("[data-testid=queue-row]").Count);
    }

    [Fact]
    public void Before_the_first_reading_it_is_loading()
    {
        var cut = Render<QueuesTable>(parameters => parameters.Add(p => p.Snapshot, null));

        Assert.NotNull(cut.Find("[data-testid=queues-loading]"));
    }
}
