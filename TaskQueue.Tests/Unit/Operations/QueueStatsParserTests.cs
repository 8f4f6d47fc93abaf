using System.Text.Json;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Unit.Operations;

public sealed class QueueStatsParserTests
{
    // Trimmed from a real answer of RabbitMQ 3.10's GET /api/queues/{vhost}?columns=…: a busy
    // quorum queue, a queue the broker has not sampled yet (no message_stats), and a
    // server-named listener queue.
    private const string Sample = """
        [
          {"consumers":1,"messages":0,"messages_ready":0,"messages_unacknowledged":0,"name":"amq.gen-FzqfI-eTl7EnJb8TCo_j9A"},
          {"consumers":3,"message_stats":{"ack_details":{"rate":41.2},"deliver_get_details":{"rate":44.6},"publish_details":{"rate":120.4}},
           "messages":1543,"messages_ready":1495,"messages_unacknowledged":48,"name":"taskqueue.tasks"},
          {"consumers":0,"name":"taskqueue.dead-letters"}
        ]
        """;

    [Fact]
    public void Depths_consumers_and_rates_are_read_and_missing_figures_are_zero()
    {
        var queues = QueueStatsParser.Parse(JsonDocument.Parse(Sample).RootElement);

        var tasks = Assert.Single(queues, queue => queue.Name == "taskqueue.tasks");
        Assert.Equal(new QueueStats("taskqueue.tasks", 1543, 1495, 48, 3, 120.4, 44.6, 41.2), tasks);
        Assert.Equal(new QueueStats("taskqueue.dead-letters", 0, 0, 0, 0, 0, 0, 0), queues.Single(queue => queue.Name == "taskqueue.dead-letters"));
    }

    [Fact]
    public void The_systems_own_queues_come_before_server_named_ones()
    {
        var names = QueueStatsParser.Parse(JsonDocument.Parse(Sample).RootElement).Select(queue => queue.Name);

        Assert.Equal(["taskqueue.dead-letters", "taskqueue.tasks", "amq.gen-FzqfI-eTl7EnJb8TCo_j9A"], names);
    }

    [Fact]
    public void Anything_but_an_array_is_rejected()
    {
        Assert.Throws<JsonException>(() => QueueStatsParser.Parse(JsonDocument.Parse("""{"error":"not_authorised"}""").RootElement));
    }

    [Fact]
    public void The_columns_asked_for_are_the_ones_read()
    {
        Assert.Contains("message_stats.publish_details.rate", QueueStatsParser.Columns);
        Assert.Contains("message_stats.deliver_get_details.rate", QueueStatsParser.Columns);
        Assert.Contains("messages_unacknowledged", QueueStatsParser.Columns);
    }
}
