using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Sink.Events;

// Applies a batch of events in one transaction through the state machine, together with any
// dead letters to keep, and returns the tasks that changed and their workflows. Events for unknown
// (deleted) tasks are dropped. How the batch's tasks are read and guarded against other
// writers is the engine's (ITaskStore: SQLite's write gate, PostgreSQL's row locks).
public sealed class EventApplier(ITaskStore store, TimeProvider timeProvider)
{
    public async Task<AppliedChanges> ApplyAsync(
        IReadOnlyList<object> events, IReadOnlyList<DeadLetter> deadLetters, CancellationToken cancellationToken)
    {
        if (events.Count == 0 && deadLetters.Count == 0)
        {
            return AppliedChanges.None;
        }

        var ids = events.OfType<ITaskEvent>().Select(e => e.TaskId).ToHashSet();
        var changes = await store.ApplyAsync(ids, tasks => Decide(tasks, events), deadLetters, cancellationToken);
        return new AppliedChanges(
            changes.Tasks.Select(task => task.Id).ToList(),
            changes.Tasks.Where(task => task.WorkflowId is not null).Select(task => task.WorkflowId!.Value).Distinct().ToList());
    }

    private TaskStateChanges Decide(IReadOnlyDictionary<Guid, TaskItem> tasks, IReadOnlyList<object> events)
    {
        var before = tasks.Values.SelectMany(task => task.Attempts)
            .ToDictionary(attempt => attempt, AttemptState.Of);

        var now = timeProvider.GetUtcNow();
        var changed = new HashSet<TaskItem>();
        foreach (var taskEvent in events.OfType<ITaskEvent>())
        {
            if (tasks.TryGetValue(taskEvent.TaskId, out var task)
                && TaskStateMachine.Apply(task, taskEvent, now) == TransitionResult.Applied)
            {
                changed.Add(task);
            }
        }

        var attempts = changed.SelectMany(task => task.Attempts).ToList();
        return new TaskStateChanges(
            changed,
            attempts.Where(a => !before.ContainsKey(a)).ToList(),
            attempts.Where(a => before.TryGetValue(a, out var state) && state != AttemptState.Of(a)).ToList());
    }

    // What the state machine may change on an attempt already stored.
    private readonly record struct AttemptState(AttemptOutcome Outcome, DateTimeOffset? FinishedAt, string? Error)
    {
        public static AttemptState Of(TaskAttempt attempt) => new(attempt.Outcome, attempt.FinishedAt, attempt.Error);
    }
}
