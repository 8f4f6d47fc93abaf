using TaskQueue.Data.Model;

namespace TaskQueue.Data.Sqlite;

// The outbox rows this process committed last, in id order, so that the dispatcher's next claim
// takes them from memory rather than reading them back: one query fewer per request under load.
// Only a run of ids that continues exactly where the dispatcher stopped is served from here; any
// gap (rows written another way or by another process, or dropped here) sends the claim to the
// database, which has every row. Rows are added under the write gate, so in commit order.
internal sealed class RecentOutboxRows
{
    // Enough for a few claims; beyond it the oldest go and the dispatcher reads them back.
    private const int MaxRows = 10_000;

    private readonly Lock _lock = new();
    private readonly Queue<OutboxMessage> _rows = new();

    public void Add(IReadOnlyList<OutboxMessage> committed)
    {
        lock (_lock)
        {
            foreach (var row in committed)
            {
                _rows.Enqueue(row);
            }

            while (_rows.Count > MaxRows)
            {
                _rows.Dequeue();
            }
        }
    }

    // The rows with ids afterId + 1, afterId + 2, … (at most max), or null when the next row
    // after afterId is not here.
    public List<OutboxMessage>? TakeAfter(long afterId, int max)
    {
        lock (_lock)
        {
            while (_rows.TryPeek(out var seen) && seen.Id <= afterId)
            {
                _rows.Dequeue();
            }

            // Most wake-ups find nothing here, or a gap: no list for them.
            if (!_rows.TryPeek(out var first) || first.Id != afterId + 1)
            {
                return null;
            }

            var taken = new List<OutboxMessage>();
            while (taken.Count < max && _rows.TryPeek(out var next) && next.Id == afterId + 1 + taken.Count)
            {
                taken.Add(_rows.Dequeue());
            }

            return taken;
        }
    }
}
