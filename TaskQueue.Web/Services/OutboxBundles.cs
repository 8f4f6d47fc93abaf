using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

// A claim's rows as the messages to publish, in order. Consecutive work orders for one queue,
// written in one trace (the tasks of one request), go as one TaskQueuedBundle of at most
// tasksPerMessage; every other row goes as it is. A bundle keeps its first row's message id,
// so a bundle published again after a crash is recognisably the same message.
public static class OutboxBundles
{
    public readonly record struct Part(int FirstRow, int Rows, OutgoingMessage Message);

    public static IEnumerable<Part> Pack(IReadOnlyList<OutboxMessage> rows, int tasksPerMessage)
    {
        for (var first = 0; first < rows.Count;)
        {
            var end = first + 1;
            while (end < rows.Count && end - first < tasksPerMessage && Bundles(rows[first], rows[end]))
            {
                end++;
            }

            yield return new Part(first, end - first, end - first == 1 ? ToOutgoing(rows[first]) : ToBundle(rows, first, end));
            first = end;
        }
    }

    private static OutgoingMessage ToOutgoing(OutboxMessage row) =>
        new(row.Exchange, row.RoutingKey, row.Type, row.Body, row.MessageId, row.TraceParent);

    private static bool Bundles(OutboxMessage first, OutboxMessage next) =>
        first.Type == nameof(TaskQueued) && next.Type == first.Type
        && next.Exchange == first.Exchange && next.RoutingKey == first.RoutingKey
        && next.TraceParent == first.TraceParent;

    private static OutgoingMessage ToBundle(IReadOnlyList<OutboxMessage> rows, int first, int end)
    {
        var bodies = new ReadOnlyMemory<byte>[end - first];
        for (var i = first; i < end; i++)
        {
            bodies[i - first] = rows[i].Body;
        }

        var row = rows[first];
        return new(row.Exchange, row.RoutingKey, nameof(TaskQueuedBundle), TaskQueuedBundle.Compose(bodies), row.MessageId, row.TraceParent);
    }
}
