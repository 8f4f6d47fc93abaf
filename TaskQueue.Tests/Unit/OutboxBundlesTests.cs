using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Unit;

// Which outbox rows travel together: a request's work orders for one queue, in order, at most
// the configured number a message; anything else alone and as it was written.
public sealed class OutboxBundlesTests
{
    private static readonly string s_normal = TaskQueues.RoutingKeyFor(TaskPriority.Normal);
    private static readonly string s_high = TaskQueues.RoutingKeyFor(TaskPriority.High);

    [Fact]
    public void A_requests_orders_go_in_bundles_of_at_most_the_limit_in_their_order()
    {
        var rows = Enumerable.Range(0, 20).Select(_ => Order(s_normal, "trace-1")).ToList();

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 8).ToList();

        Assert.Equal([8, 8, 4], parts.Select(part => part.Rows));
        Assert.Equal([0, 8, 16], parts.Select(part => part.FirstRow));
        Assert.All(parts, part => Assert.Equal(nameof(TaskQueuedBundle), part.Message.Type));
        Assert.All(parts, part => Assert.Equal(rows[part.FirstRow].MessageId, part.Message.MessageId));
        Assert.All(parts, part => Assert.Equal("trace-1", part.Message.TraceParent));
        Assert.All(parts, part => Assert.Equal((Topology.TasksExchange, s_normal), (part.Message.Exchange, part.Message.RoutingKey)));
        var carried = parts.SelectMany(part => MessageSerializer.Deserialize<TaskQueuedBundle>(part.Message.Type, part.Message.Body.Span).Tasks);
        Assert.Equal(rows.Select(TaskIdOf), carried.Select(order => order.TaskId));
    }

    [Fact]
    public void Another_queue_another_trace_or_another_kind_of_message_starts_a_new_message()
    {
        List<OutboxMessage> rows =
        [
            Order(s_normal, "trace-1"), Order(s_normal, "trace-1"),
            Order(s_high, "trace-1"),
            Order(s_high, "trace-2"), Order(s_high, "trace-2"),
            Cancellation(), Order(s_high, "trace-2"),
        ];

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 8).ToList();

        Assert.Equal([2, 1, 2, 1, 1], parts.Select(part => part.Rows));
        Assert.Equal(
            [nameof(TaskQueuedBundle), nameof(TaskQueued), nameof(TaskQueuedBundle), nameof(TaskCancellationRequested), nameof(TaskQueued)],
            parts.Select(part => part.Message.Type));
    }

    [Fact]
    public void A_row_alone_and_every_row_at_a_limit_of_one_is_published_as_written()
    {
        List<OutboxMessage> rows = [Order(s_normal, "trace-1"), Order(s_normal, "trace-1"), Order(s_normal, "trace-1")];

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 1).ToList();

        Assert.Equal(3, parts.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(nameof(TaskQueued), parts[i].Message.Type);
            Assert.Equal(rows[i].Body, parts[i].Message.Body.ToArray());
            Assert.Equal(rows[i].MessageId, parts[i].Message.MessageId);
        }
    }

    private static Guid TaskIdOf(OutboxMessage row) => MessageSerializer.Deserialize<TaskQueued>(row.Type, row.Body).TaskId;

    private static OutboxMessage Order(string routingKey, string trace) => new()
    {
        Exchange = Topology.TasksExchange,
        RoutingKey = routingKey,
        Type = nameof(TaskQueued),
        Body = MessageSerializer.Serialize(new TaskQueued(
            Guid.NewGuid(), "echo", JsonSerializer.SerializeToElement(new { value = 1 }), 1, 3, 60, DateTimeOffset.UtcNow)),
        MessageId = Guid.NewGuid().ToString("N"),
        TraceParent = trace,
    };

    private static OutboxMessage Cancellation() => new()
    {
        Exchange = Topology.CancellationsExchange,
        RoutingKey = "",
        Type = nameof(TaskCancellationRequested),
        Body = MessageSerializer.Serialize(new TaskCancellationRequested(Guid.NewGuid(), 1, DateTimeOffset.UtcNow)),
        MessageId = Guid.NewGuid().ToString("N"),
        TraceParent = "trace-2",
    };
}
