namespace TaskQueue.Sink.Events;

// A delivery waiting to be applied: the parsed event, or the reason it cannot be; for a
// dead letter, the record that keeps it.
public sealed record PendingEvent(
    TaskQueue.Messaging.DeliveredMessage Message, object? Event, string? Rejection, TaskQueue.Data.Model.DeadLetter? DeadLetter = null);
