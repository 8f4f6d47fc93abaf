namespace TaskQueue.Sink.Events;

// What a committed batch changed: the tasks, for live views, and the workflows among whose
// steps they are, so only those changes send the web apps looking for workflows to advance.
public sealed record AppliedChanges(IReadOnlyList<Guid> TaskIds, IReadOnlyList<Guid> WorkflowIds)
{
    public static AppliedChanges None { get; } = new([], []);
}
