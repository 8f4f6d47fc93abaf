namespace TaskQueue.Sink.Events;

// A delivery waiting to be applied: its parsed events (one, or a worker's batch of outcomes),
// or the reason it cannot be; for a dead letter, the records that keep it (one per task of a bundle).
public sealed record PendingEvent(
    TaskQueue.Messaging.DeliveredMessage Message,
    IReadOnlyList<object> Events,
    string? Rejection,
    IReadOnlyList<TaskQueue.Data.Model.DeadLetter>? DeadLetters = null)
{
    public static PendingEvent Rejected(TaskQueue.Messaging.DeliveredMessage message, string reason) => new(message, [], reason);
}
