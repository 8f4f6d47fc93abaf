namespace TaskQueue.Sink.Events;

// A delivery waiting to be applied: its parsed events (one, or a worker's batch of outcomes),
// or the reason it cannot be; for a dead letter, the record that keeps it.
public sealed record PendingEvent(
    TaskQueue.Messaging.DeliveredMessage Message,
    IReadOnlyList<object> Events,
    string? Rejection,
    TaskQueue.Data.Model.DeadLetter? DeadLetter = null)
{
    public static PendingEvent Rejected(TaskQueue.Messaging.DeliveredMessage message, string reason) => new(message, [], reason);
}
