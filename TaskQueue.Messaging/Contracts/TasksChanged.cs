namespace TaskQueue.Messaging.Contracts;

// The sink announces which tasks it changed after each committed batch; the database stays
// the source of truth and listeners re-read what they show.
public sealed record TasksChanged(IReadOnlyList<Guid> TaskIds, DateTimeOffset OccurredAt);
