using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

// A claim's rows as the messages to publish, in order. A run of consecutive work orders for one
// queue, written in one trace (one request's tasks), is cut into TaskQueuedBundles of at most
// tasksPerMessage, and into at least as many as there are live workers: a bundle goes to one
// worker, and a small batch of long tasks should still spread over them. The bundles of a run are
// sized evenly. Every other row goes as it is. A bundle keeps its first row's message id, so a
// bundle published again after a crash is recognisably the same message.
public static class OutboxBundles
{
    public readonly record struct Part(int FirstRow, int Rows, OutgoingMessage Message);

    public static IEnumerable<Part> Pack(IReadOnlyList<OutboxMessage> rows, int tasksPerMessage, int workers) =>
        Cut(rows, tasksPerMessage, workers).Select(cut =>
            new Part(cut.FirstRow, cut.Rows, cut.Rows == 1 ? ToOutgoing(rows[cut.FirstRow]) : ToOutgoing(ToBundleRow(rows, cut.FirstRow, cut.Rows))));

    // The same messages as rows to write: a bundle as one row, anything else as it was. The API
    // writes a request's orders this way, one outbox row per message rather than per task, and the
    // dispatcher publishes a bundle row as it is.
    public static List<OutboxMessage> PackRows(IReadOnlyList<OutboxMessage> rows, int tasksPerMessage, int workers) =>
        Cut(rows, tasksPerMessage, workers).Select(cut => cut.Rows == 1 ? rows[cut.FirstRow] : ToBundleRow(rows, cut.FirstRow, cut.Rows)).ToList();

    private static IEnumerable<(int FirstRow, int Rows)> Cut(IReadOnlyList<OutboxMessage> rows, int tasksPerMessage, int workers)
    {
        for (var first = 0; first < rows.Count;)
        {
            var end = first + 1;
            while (end < rows.Count && Bundles(rows[first], rows[end]))
            {
                end++;
            }

            var length = end - first;
            var parts = Math.Max((length + tasksPerMessage - 1) / tasksPerMessage, Math.Min(length, Math.Max(1, workers)));
            for (var part = 0; part < parts; part++)
            {
                var size = length / parts + (part < length % parts ? 1 : 0);
                yield return (first, size);
                first += size;
            }
        }
    }

    private static OutgoingMessage ToOutgoing(OutboxMessage row) =>
        new(row.Exchange, row.RoutingKey, row.Type, row.Body, row.MessageId, row.TraceParent);

    private static bool Bundles(OutboxMessage first, OutboxMessage next) =>
        first.Type == nameof(TaskQueued) && next.Type == first.Type
        && next.Exchange == first.Exchange && next.RoutingKey == first.RoutingKey
        && next.TraceParent == first.TraceParent;

    private static OutboxMessage ToBundleRow(IReadOnlyList<OutboxMessage> rows, int first, int count)
    {
        var bodies = new ReadOnlyMemory<byte>[count];
        for (var i = 0; i < count; i++)
        {
            bodies[i] = rows[first + i].Body;
        }

        var row = rows[first];
        return new OutboxMessage
        {
            Exchange = row.Exchange,
            RoutingKey = row.RoutingKey,
            Type = nameof(TaskQueuedBundle),
            Body = TaskQueuedBundle.Compose(bodies),
            MessageId = row.MessageId,
            TraceParent = row.TraceParent,
            CreatedAt = row.CreatedAt,
        };
    }
}
