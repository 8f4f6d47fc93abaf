using TaskQueue.Data.Model;

namespace TaskQueue.Data.Storage;

// Outbox rows handed to one dispatcher to publish. The dispatcher deletes the rows it has seen
// confirmed (DeleteAsync, any number of times) and reports every row as settled, confirmed
// or not; once all are settled it disposes the claim, which ends whatever held the rows.
public abstract class OutboxClaim(IReadOnlyList<OutboxMessage> messages) : IAsyncDisposable
{
    private int _unsettled = messages.Count;

    public IReadOnlyList<OutboxMessage> Messages { get; } = messages;

    // Whether rows of this claim and of `other` may be deleted by one DeleteAsync call.
    public abstract bool DeletesTogetherWith(OutboxClaim other);

    public abstract Task DeleteAsync(IReadOnlyCollection<long> ids, CancellationToken cancellationToken);

    // True when this was the last of the claim's rows.
    public bool Settle(int count) => Interlocked.Add(ref _unsettled, -count) == 0;

    public abstract ValueTask DisposeAsync();
}
