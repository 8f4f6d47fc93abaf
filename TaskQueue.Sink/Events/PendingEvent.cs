namespace TaskQueue.Sink.Events;

// A delivery waiting to be applied: the parsed event, or the reason it cannot be.
public sealed record PendingEvent(TaskQueue.Messaging.DeliveredMessage Message, object? Event, string? Rejection);
