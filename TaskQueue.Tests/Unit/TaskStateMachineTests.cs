using System.Text.Json;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Tests.Unit;

public sealed class TaskStateMachineTests
{
    private static readonly DateTimeOffset s_now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement s_result = JsonSerializer.SerializeToElement(42);

    private static TaskItem NewTask(TaskItemStatus status = TaskItemStatus.Queued, int attempt = 1) =>
        new() { Id = Guid.NewGuid(), Type = "echo", Status = status, Attempt = attempt, MaxAttempts = 3, CreatedAt = s_now };

    [Fact]
    public void Started_moves_a_queued_task_to_running_and_opens_an_attempt()
    {
        var task = NewTask();

        var result = TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now), s_now);

        Assert.Equal(TransitionResult.Applied, result);
        Assert.Equal(TaskItemStatus.Running, task.Status);
        Assert.Equal("w1", task.WorkerId);
        Assert.Equal(AttemptOutcome.Running, Assert.Single(task.Attempts).Outcome);
    }

    [Fact]
    public void A_duplicate_started_event_changes_nothing()
    {
        var task = NewTask();
        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now), s_now);

        var result = TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now.AddSeconds(1)), s_now);

        Assert.Equal(TransitionResult.Duplicate, result);
        Assert.Single(task.Attempts);
        Assert.Equal(s_now, task.StartedAt);
    }

    [Fact]
    public void A_redelivery_to_another_worker_records_the_first_execution_as_lost()
    {
        var task = NewTask();
        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now), s_now);

        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w2", true, s_now.AddSeconds(5)), s_now);

        Assert.Equal("w2", task.WorkerId);
        Assert.Equal([AttemptOutcome.Lost, AttemptOutcome.Running], task.Attempts.Select(a => a.Outcome));
        Assert.True(task.Attempts[1].Redelivered);
    }

    [Fact]
    public void A_fast_task_can_finish_without_a_started_event()
    {
        var task = NewTask();

        TaskStateMachine.Apply(task, new TaskFinished(task.Id, 1, "w1", s_result, s_now, s_now.AddMilliseconds(3)), s_now);

        Assert.Equal(TaskItemStatus.Finished, task.Status);
        Assert.Equal("42", task.Result);
        Assert.Equal(s_now, task.StartedAt);
        Assert.Equal(1, task.Progress);
        Assert.Equal(AttemptOutcome.Finished, Assert.Single(task.Attempts).Outcome);
    }

    [Theory]
    [InlineData(TaskItemStatus.Finished)]
    [InlineData(TaskItemStatus.Failed)]
    [InlineData(TaskItemStatus.Cancelled)]
    public void Nothing_changes_a_terminal_task(TaskItemStatus terminal)
    {
        var task = NewTask(terminal);

        Assert.Equal(TransitionResult.Ignored, TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w", false, s_now), s_now));
        Assert.Equal(TransitionResult.Ignored, TaskStateMachine.Apply(task, new TaskFinished(task.Id, 1, "w", s_result, s_now, s_now), s_now));
        Assert.Equal(TransitionResult.Ignored, TaskStateMachine.Apply(task, new TaskFailed(task.Id, 1, "w", "x", null, null, s_now), s_now));
        Assert.Equal(TransitionResult.Ignored, TaskStateMachine.Apply(task, new TaskCancellationRequested(task.Id, 1, s_now), s_now));
        Assert.Equal(terminal, task.Status);
        Assert.Empty(task.Attempts);
    }

    [Fact]
    public void An_event_from_an_older_attempt_is_stale()
    {
        var task = NewTask(TaskItemStatus.Running, attempt: 2);

        var result = TaskStateMachine.Apply(task, new TaskFinished(task.Id, 1, "w", s_result, s_now, s_now), s_now);

        Assert.Equal(TransitionResult.Stale, result);
        Assert.Equal(TaskItemStatus.Running, task.Status);
        Assert.Null(task.Result);
    }

    [Fact]
    public void A_failure_with_a_scheduled_retry_is_retrying_and_the_next_attempt_runs_it_again()
    {
        var task = NewTask();
        var retryAt = s_now.AddSeconds(2);

        TaskStateMachine.Apply(task, new TaskFailed(task.Id, 1, "w1", "flaky", s_now, retryAt, s_now), s_now);
        Assert.Equal((TaskItemStatus.Retrying, retryAt), (task.Status, task.NextAttemptAt));

        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 2, "w2", false, retryAt), s_now);
        Assert.Equal((TaskItemStatus.Running, 2), (task.Status, task.Attempt));
        Assert.Null(task.NextAttemptAt);

        TaskStateMachine.Apply(task, new TaskFailed(task.Id, 2, "w2", "flaky again", retryAt, null, retryAt), s_now);
        Assert.Equal((TaskItemStatus.Failed, "flaky again"), (task.Status, task.Error));
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Failed], task.Attempts.Select(a => a.Outcome));
    }

    // Two sinks on one queue: the failure of attempt 1 may be applied before its start.
    [Fact]
    public void A_start_applied_after_its_attempt_failed_and_awaits_a_retry_is_stale()
    {
        var task = NewTask();
        var retryAt = s_now.AddSeconds(2);
        TaskStateMachine.Apply(task, new TaskFailed(task.Id, 1, "w1", "flaky", s_now, retryAt, s_now), s_now);

        var result = TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now.AddMilliseconds(-5)), s_now);

        Assert.Equal(TransitionResult.Stale, result);
        Assert.Equal((TaskItemStatus.Retrying, retryAt), (task.Status, task.NextAttemptAt));
        Assert.Equal(AttemptOutcome.Failed, Assert.Single(task.Attempts).Outcome);
    }

    [Fact]
    public void Cancelling_a_queued_task_cancels_it_at_once()
    {
        var task = NewTask();

        TaskStateMachine.Apply(task, new TaskCancellationRequested(task.Id, 1, s_now), s_now);

        Assert.Equal(TaskItemStatus.Cancelled, task.Status);
        Assert.Equal(s_now, task.FinishedAt);
    }

    [Fact]
    public void Cancelling_a_running_task_waits_for_its_worker_and_a_late_finish_after_cancelled_changes_nothing()
    {
        var task = NewTask();
        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now), s_now);

        TaskStateMachine.Apply(task, new TaskCancellationRequested(task.Id, 1, s_now), s_now);
        Assert.Equal(TaskItemStatus.Cancelling, task.Status);
        Assert.Equal(TransitionResult.Duplicate, TaskStateMachine.Apply(task, new TaskCancellationRequested(task.Id, 1, s_now), s_now));

        TaskStateMachine.Apply(task, new TaskCancelled(task.Id, 1, "w1", s_now.AddSeconds(1)), s_now);
        Assert.Equal(TaskItemStatus.Cancelled, task.Status);
        Assert.Equal(AttemptOutcome.Cancelled, Assert.Single(task.Attempts).Outcome);

        Assert.Equal(TransitionResult.Ignored, TaskStateMachine.Apply(task, new TaskFinished(task.Id, 1, "w1", s_result, s_now, s_now), s_now));
        Assert.Null(task.Result);
    }

    [Fact]
    public void A_retry_is_not_scheduled_for_a_task_being_cancelled()
    {
        var task = NewTask(TaskItemStatus.Cancelling);

        TaskStateMachine.Apply(task, new TaskFailed(task.Id, 1, "w1", "boom", s_now, s_now.AddSeconds(1), s_now), s_now);

        Assert.Equal(TaskItemStatus.Failed, task.Status);
    }

    [Fact]
    public void Progress_only_moves_forward_on_the_current_attempt()
    {
        var task = NewTask();
        TaskStateMachine.Apply(task, new TaskStarted(task.Id, 1, "w1", false, s_now), s_now);

        TaskStateMachine.Apply(task, new TaskProgressed(task.Id, 1, 0.5, s_now), s_now);
        TaskStateMachine.Apply(task, new TaskProgressed(task.Id, 1, 0.3, s_now), s_now);

        Assert.Equal(0.5, task.Progress);
    }
}
