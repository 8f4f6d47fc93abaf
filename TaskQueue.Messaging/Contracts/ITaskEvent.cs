namespace TaskQueue.Messaging.Contracts;

// Every lifecycle event names its task and the attempt it belongs to, so the sink can
// fence out duplicates and stale events from an older attempt.
public interface ITaskEvent
{
    Guid TaskId { get; }
    int Attempt { get; }
    DateTimeOffset OccurredAt { get; }
}
