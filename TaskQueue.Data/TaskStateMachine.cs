using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Data;

public enum TransitionResult
{
    Applied,
    Duplicate,
    Stale,
    Ignored,
}

// The only place task status changes in response to events. Events are fenced by attempt:
// one from an older attempt is stale, one for a terminal task changes nothing, so redelivered
// and duplicated events are harmless (execution at-least-once, outcome effectively-once).
public static class TaskStateMachine
{
    public static TransitionResult Apply(TaskItem task, object taskEvent, DateTimeOffset now)
    {
        if (task.Status.IsTerminal())
        {
            return TransitionResult.Ignored;
        }

        if (taskEvent is ITaskEvent { Attempt: var attempt } && attempt < task.Attempt)
        {
            return TransitionResult.Stale;
        }

        var result = taskEvent switch
        {
            TaskStarted started => Start(task, started),
            TaskProgressed progressed => Progress(task, progressed),
            TaskFinished finished => Finish(task, finished),
            TaskFailed failed => Fail(task, failed),
            TaskCancelled cancelled => Cancel(task, cancelled),
            TaskCancellationRequested requested => RequestCancellation(task, requested),
            _ => TransitionResult.Ignored,
        };

        if (result == TransitionResult.Applied)
        {
            task.UpdatedAt = now;
        }

        return result;
    }

    private static TransitionResult Start(TaskItem task, TaskStarted started)
    {
        // Several sinks share the sink queue, so one task's events may be applied out of order:
        // a start that arrives after its attempt already failed and waits to be retried is
        // late, not a new execution (the retry comes as the next attempt).
        if (task.Status is TaskItemStatus.Retrying && task.Attempt == started.Attempt)
        {
            return TransitionResult.Stale;
        }

        var current = CurrentAttempt(task, started.Attempt);
        if (task.Status is TaskItemStatus.Running or TaskItemStatus.Cancelling && task.Attempt == started.Attempt)
        {
            if (current?.WorkerId == started.WorkerId)
            {
                return TransitionResult.Duplicate;
            }

            // The broker redelivered the task because its worker vanished (crash, kill -9,
            // lost connection): the earlier execution is recorded as lost.
            if (current is { Outcome: AttemptOutcome.Running })
            {
                current.Outcome = AttemptOutcome.Lost;
                current.FinishedAt = started.OccurredAt;
                current.Error = "The worker stopped responding; the broker redelivered the task.";
            }
        }

        if (task.Status is not TaskItemStatus.Cancelling)
        {
            task.Status = TaskItemStatus.Running;
        }

        task.Attempt = started.Attempt;
        task.WorkerId = started.WorkerId;
        task.StartedAt = started.OccurredAt;
        task.NextAttemptAt = null;
        task.Progress = 0;
        task.Attempts.Add(new TaskAttempt
        {
            TaskId = task.Id,
            Attempt = started.Attempt,
            WorkerId = started.WorkerId,
            StartedAt = started.OccurredAt,
            Redelivered = started.Redelivered,
        });
        return TransitionResult.Applied;
    }

    private static TransitionResult Progress(TaskItem task, TaskProgressed progressed)
    {
        if (task.Status is not (TaskItemStatus.Running or TaskItemStatus.Cancelling)
            || task.Attempt != progressed.Attempt
            || progressed.Progress <= task.Progress)
        {
            return TransitionResult.Duplicate;
        }

        task.Progress = Math.Clamp(progressed.Progress, 0, 1);
        return TransitionResult.Applied;
    }

    private static TransitionResult Finish(TaskItem task, TaskFinished finished)
    {
        // A fast task reports only its end: the start it carries stands in for TaskStarted.
        var attempt = EnsureAttempt(task, finished.Attempt, finished.WorkerId, finished.StartedAt);
        attempt.Outcome = AttemptOutcome.Finished;
        attempt.FinishedAt = finished.OccurredAt;

        task.Status = TaskItemStatus.Finished;
        task.Result = finished.Result.GetRawText();
        task.Error = null;
        task.Progress = 1;
        task.FinishedAt = finished.OccurredAt;
        task.NextAttemptAt = null;
        return TransitionResult.Applied;
    }

    private static TransitionResult Fail(TaskItem task, TaskFailed failed)
    {
        var attempt = EnsureAttempt(task, failed.Attempt, failed.WorkerId, failed.StartedAt ?? failed.OccurredAt);
        attempt.Outcome = AttemptOutcome.Failed;
        attempt.FinishedAt = failed.OccurredAt;
        attempt.Error = failed.Error;

        task.Error = failed.Error;
        if (failed.RetryAt is { } retryAt && task.Status is not TaskItemStatus.Cancelling)
        {
            task.Status = TaskItemStatus.Retrying;
            task.NextAttemptAt = retryAt;
            return TransitionResult.Applied;
        }

        task.Status = TaskItemStatus.Failed;
        task.FinishedAt = failed.OccurredAt;
        task.NextAttemptAt = null;
        return TransitionResult.Applied;
    }

    private static TransitionResult Cancel(TaskItem task, TaskCancelled cancelled)
    {
        if (CurrentAttempt(task, cancelled.Attempt) is { Outcome: AttemptOutcome.Running } attempt)
        {
            attempt.Outcome = AttemptOutcome.Cancelled;
            attempt.FinishedAt = cancelled.OccurredAt;
        }

        MarkCancelled(task, cancelled.OccurredAt);
        return TransitionResult.Applied;
    }

    private static TransitionResult RequestCancellation(TaskItem task, TaskCancellationRequested requested)
    {
        switch (task.Status)
        {
            case TaskItemStatus.Cancelling:
                return TransitionResult.Duplicate;
            case TaskItemStatus.Running:
                // The worker running it stops it and reports TaskCancelled.
                task.Status = TaskItemStatus.Cancelling;
                return TransitionResult.Applied;
            default:
                MarkCancelled(task, requested.OccurredAt);
                return TransitionResult.Applied;
        }
    }

    private static void MarkCancelled(TaskItem task, DateTimeOffset at)
    {
        task.Status = TaskItemStatus.Cancelled;
        task.FinishedAt = at;
        task.NextAttemptAt = null;
    }

    private static TaskAttempt? CurrentAttempt(TaskItem task, int attempt) =>
        task.Attempts.LastOrDefault(a => a.Attempt == attempt);

    private static TaskAttempt EnsureAttempt(TaskItem task, int attempt, string? workerId, DateTimeOffset startedAt)
    {
        task.Attempt = attempt;
        task.WorkerId = workerId ?? task.WorkerId;
        task.StartedAt ??= startedAt;
        if (CurrentAttempt(task, attempt) is { Outcome: AttemptOutcome.Running } running)
        {
            return running;
        }

        var created = new TaskAttempt { TaskId = task.Id, Attempt = attempt, WorkerId = workerId, StartedAt = startedAt };
        task.Attempts.Add(created);
        return created;
    }
}
