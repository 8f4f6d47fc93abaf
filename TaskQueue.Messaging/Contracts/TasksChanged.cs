namespace TaskQueue.Messaging.Contracts;

// The sink announces which tasks it changed after committed batches (those committed while an
// announcement awaits its confirm, or within 100 ms of the last one unless a workflow's step is
// among them, go out as one: TaskChangeBroadcaster); the database stays the source of truth
// and listeners re-read what they show. WorkflowIds names the workflows
// whose steps are among them, so the web apps look for workflows to advance only when one of
// theirs moved; null means the sender does not say (an older sink), and listeners must assume
// any workflow may have.
public sealed record TasksChanged(IReadOnlyList<Guid> TaskIds, DateTimeOffset OccurredAt, IReadOnlyList<Guid>? WorkflowIds = null);
