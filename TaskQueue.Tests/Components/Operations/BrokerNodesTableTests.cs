using System.Text.Json;
using Bunit;
using TaskQueue.Web.Components.Operations;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Components.Operations;

public sealed class BrokerNodesTableTests : MudTestContext
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void The_management_apis_node_list_is_read_with_down_nodes_and_partitions()
    {
        using var document = JsonDocument.Parse("""
            [{"name":"b@localhost","running":false},
             {"name":"a@localhost","running":true,"uptime":125000,"mem_used":157286400,"mem_alarm":false,"disk_free_alarm":true,"partitions":["c@localhost"]}]
            """);

        var nodes = BrokerNodeStatsParser.Parse(document.RootElement);

        Assert.Equal([new BrokerNodeStats("a@localhost", true, 125000, 157286400, false, true, 1), new BrokerNodeStats("b@localhost", false, null, null, false, false, 0)], nodes);
    }

    [Fact]
    public void Each_node_shows_its_state_uptime_memory_and_alarms()
    {
        var snapshot = new QueueStatsSnapshot([], null, s_now)
        {
            Nodes =
            [
                new BrokerNodeStats("a@localhost", true, 125000, 157286400, false, false, 0),
                new BrokerNodeStats("b@localhost", false, null, null, false, false, 0),
                new BrokerNodeStats("c@localhost", true, 3_600_000, 104857600, true, false, 1),
            ],
        };

        var cut = Render<BrokerNodesTable>(parameters => parameters.Add(p => p.Snapshot, snapshot));

        var rows = cut.FindAll("[data-testid=broker-node-row]");
        Assert.Equal(3, rows.Count);
        Assert.Equal(["Running", "Down", "Partitioned from 1"], rows.Select(row => row.QuerySelector("[data-testid=broker-node-state]")!.TextContent.Trim()));
        Assert.Equal("false", rows[1].GetAttribute("data-running"));
        Assert.Contains("2 min 5 s", rows[0].TextContent);
        Assert.Contains("150 MB", rows[0].TextContent);
        Assert.Contains("memory", rows[2].TextContent);
    }

    [Fact]
    public void Nothing_is_shown_while_the_management_api_is_unavailable()
    {
        var cut = Render<BrokerNodesTable>(parameters => parameters.Add(p => p.Snapshot, QueueStatsSnapshot.Unavailable("down", s_now)));

        Assert.Empty(cut.FindAll("[data-testid=broker-nodes-table]"));
    }
}
