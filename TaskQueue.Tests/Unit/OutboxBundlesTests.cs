using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Unit;

// Which outbox rows travel together: a request's work orders for one queue, in order, at most
// the configured number a message and in at least as many messages as there are live workers;
// anything else alone and as it was written.
public sealed class OutboxBundlesTests
{
    private static readonly string s_normal = TaskQueues.RoutingKeyFor(TaskPriority.Normal);
    private static readonly string s_high = TaskQueues.RoutingKeyFor(TaskPriority.High);

    [Fact]
    public void A_requests_orders_go_in_even_bundles_of_at_most_the_limit_in_their_order()
    {
        var rows = Enumerable.Range(0, 20).Select(_ => Order(s_normal, "trace-1")).ToList();

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 8, workers: 2).ToList();

        Assert.Equal([7, 7, 6], parts.Select(part => part.Rows));
        Assert.Equal([0, 7, 14], parts.Select(part => part.FirstRow));
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

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 8, workers: 1).ToList();

        Assert.Equal([2, 1, 2, 1, 1], parts.Select(part => part.Rows));
        Assert.Equal(
            [nameof(TaskQueuedBundle), nameof(TaskQueued), nameof(TaskQueuedBundle), nameof(TaskCancellationRequested), nameof(TaskQueued)],
            parts.Select(part => part.Message.Type));
    }

    [Fact]
    public void A_row_alone_and_every_row_at_a_limit_of_one_is_published_as_written()
    {
        List<OutboxMessage> rows = [Order(s_normal, "trace-1"), Order(s_normal, "trace-1"), Order(s_normal, "trace-1")];

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 1, workers: 1).ToList();

        Assert.Equal(3, parts.Count);
        for (var i = 0; i < rows.Count; i++)
        {
            Assert.Equal(nameof(TaskQueued), parts[i].Message.Type);
            Assert.Equal(rows[i].Body, parts[i].Message.Body.ToArray());
            Assert.Equal(rows[i].MessageId, parts[i].Message.MessageId);
        }
    }

    // A bundle goes to one worker: a request of few tasks is spread over the workers first.
    [Theory]
    [InlineData(8, 2, new[] { 4, 4 })]
    [InlineData(9, 2, new[] { 5, 4 })]
    [InlineData(3, 4, new[] { 1, 1, 1 })]
    [InlineData(20, 0, new[] { 7, 7, 6 })]
    [InlineData(40, 3, new[] { 8, 8, 8, 8, 8 })]
    public void A_request_of_few_tasks_is_spread_over_at_least_as_many_messages_as_live_workers(int tasks, int workers, int[] sizes)
    {
        var rows = Enumerable.Range(0, tasks).Select(_ => Order(s_normal, "trace-1")).ToList();

        var parts = OutboxBundles.Pack(rows, tasksPerMessage: 8, workers).ToList();

        Assert.Equal(sizes, parts.Select(part => part.Rows));
        Assert.All(parts, part => Assert.Equal(part.Rows == 1 ? nameof(TaskQueued) : nameof(TaskQueuedBundle), part.Message.Type));
    }

    // The API writes a request's orders as the rows of their messages (one outbox row a bundle);
    // the dispatcher then publishes each of those rows as it is, never bundling a bundle again.
    [Fact]
    public void Orders_written_as_the_rows_of_their_messages_are_published_one_row_a_message()
    {
        List<OutboxMessage> rows = [.. Enumerable.Range(0, 20).Select(_ => Order(s_normal, "trace-1")), Cancellation(), Order(s_high, "trace-1")];
        var expected = OutboxBundles.Pack(rows, tasksPerMessage: 8, workers: 2).ToList();

        var written = OutboxBundles.PackRows(rows, tasksPerMessage: 8, workers: 2);
        var published = OutboxBundles.Pack(written, tasksPerMessage: 8, workers: 2).ToList();

        Assert.Equal([7, 7, 6, 1, 1], expected.Select(part => part.Rows));
        Assert.Equal(expected.Count, written.Count);
        Assert.All(published, part => Assert.Equal(1, part.Rows));
        Assert.Equal(expected.Select(Describe), published.Select(Describe));
        Assert.Same(rows[20], written[3]);
        Assert.Same(rows[21], written[4]);
    }

    private static string Describe(OutboxBundles.Part part) =>
        $"{part.Message.Exchange} {part.Message.RoutingKey} {part.Message.Type} {part.Message.MessageId} {part.Message.TraceParent} {Convert.ToBase64String(part.Message.Body.Span)}";

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
