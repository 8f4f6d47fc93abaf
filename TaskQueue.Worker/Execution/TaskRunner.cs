using System.Globalization;
using Microsoft.Extensions.Options;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Worker.Handlers;

namespace TaskQueue.Worker.Execution;

// Runs one delivered task: executes its handler under the task's timeout and cancellation,
// schedules a retry when one is due, reports the outcome (batched with other tasks' and
// confirmed), and only then is the task acked. A crash at any point leaves the message
// unacked, so the broker redelivers it.
public sealed class TaskRunner(
    TaskHandlerRegistry handlers,
    IMessagePublisher publisher,
    OutcomeBatcher outcomes,
    CancellationRegistry cancellations,
    WorkerIdentity worker,
    IOptions<WorkerOptions> options,
    TimeProvider timeProvider,
    ILogger<TaskRunner> logger,
    WorkerStatistics? statistics = null)
{
    // A handler that ignores its cancellation token is abandoned this long after its timeout.
    private static readonly TimeSpan s_abandonGrace = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan s_progressInterval = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_reportTimeout = TimeSpan.FromSeconds(30);

    private int _inFlight;

    public int InFlight => Volatile.Read(ref _inFlight);

    // executionSlot is released as soon as the handler is done: waiting for the outcome's
    // confirm (and so the ack) holds only the delivery, which the queue's prefetch bounds.
    // Holding the slot through that round trip left deliveries queued for slots while other
    // tasks' outcomes awaited their confirms (bench/: throughput, published→Running).
    public async Task RunAsync(DeliveredMessage message, IDisposable executionSlot, CancellationToken stoppingToken)
    {
        var task = message.Deserialize<TaskQueued>();
        if (ProblemWith(task) is { } problem)
        {
            throw new MalformedMessageException(problem);
        }

        await RunTrackedAsync(task, message, settlesDelivery: true, executionSlot, stoppingToken);
    }

    // One order of a bundle (TaskBundleRunner): its outcome is reported like any other, but the
    // bundle's delivery is settled by the bundle, once all its orders are done; an order the
    // worker's stop interrupts throws, so that the bundle returns to the queue.
    public Task RunOrderOfBundleAsync(TaskQueued task, DeliveredMessage bundle, IDisposable executionSlot, CancellationToken stoppingToken) =>
        RunTrackedAsync(task, bundle, settlesDelivery: false, executionSlot, stoppingToken);

    public static string? ProblemWith(TaskQueued task) =>
        task.TaskId == Guid.Empty || string.IsNullOrWhiteSpace(task.Type) || task.Attempt < 1
            ? "TaskQueued needs a taskId, a type and an attempt of at least 1"
            : null;

    private async Task RunTrackedAsync(
        TaskQueued task, DeliveredMessage message, bool settlesDelivery, IDisposable executionSlot, CancellationToken stoppingToken)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            await RunAsync(task, message, settlesDelivery, executionSlot, stoppingToken);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task RunAsync(
        TaskQueued task, DeliveredMessage message, bool settlesDelivery, IDisposable executionSlot, CancellationToken stoppingToken)
    {
        // Until its outcome is with the batcher, which waits a moment for it to join others'.
        using var running = outcomes.TrackRunning();
        var startedAt = timeProvider.GetUtcNow();
        var outcome = await ExecuteAsync(task, message.Redelivered, startedAt, stoppingToken);
        executionSlot.Dispose();
        if (outcome is TaskOutcome.Interrupted)
        {
            if (!settlesDelivery)
            {
                throw new OperationCanceledException(stoppingToken);
            }

            await message.RequeueAsync(CancellationToken.None);
            return;
        }

        // The outcome is reported even while the worker stops: the work is done.
        using var reportTimeout = new CancellationTokenSource(s_reportTimeout);
        var reported = await ToReportedAsync(task, outcome, startedAt, TaskQueues.PriorityOf(message.Queue), reportTimeout.Token);
        var report = outcomes.ReportAsync(reported, settlesDelivery ? message : null, reportTimeout.Token);
        running.Dispose();
        await report;
        statistics?.Record(outcome);
    }

    internal async Task<TaskOutcome> ExecuteAsync(TaskQueued task, bool redelivered, DateTimeOffset startedAt, CancellationToken stoppingToken)
    {
        if (cancellations.IsCancelled(task.TaskId, task.Attempt))
        {
            return new TaskOutcome.Cancelled();
        }

        if (handlers.Find(task.Type) is not { } handler)
        {
            return new TaskOutcome.Failed(
                $"Unknown task type '{task.Type}'. This worker runs: {string.Join(", ", handlers.Types.Order())}.", Permanent: true);
        }

        var failureRate = options.Value.FailureRate;
        if (failureRate > 0 && Random.Shared.NextDouble() < failureRate)
        {
            return new TaskOutcome.Failed(
                $"Injected failure: this worker fails tasks on purpose with probability {failureRate.ToString(CultureInfo.InvariantCulture)} (Worker:FailureRate).",
                Permanent: false);
        }

        var timeout = TimeSpan.FromSeconds(Math.Max(1, task.TimeoutSeconds));
        using var running = cancellations.Track(task.TaskId, task.Attempt, stoppingToken);
        using var timeoutSource = new CancellationTokenSource(timeout, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(running.Token, timeoutSource.Token);

        var progress = new ThrottledProgress(timeProvider, s_progressInterval, value => _ = PublishProgressAsync(task, value));
        var context = new TaskContext(task.TaskId, task.Attempt, task.Input, timeout, progress, task.Context);
        var execution = Task.Run(() => handler.ExecuteAsync(context, linked.Token), CancellationToken.None);

        try
        {
            await AnnounceStartIfSlowAsync(task, execution, redelivered, startedAt, stoppingToken);
            var result = await execution.WaitAsync(timeout + s_abandonGrace, timeProvider, CancellationToken.None);
            return new TaskOutcome.Finished(result);
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            return new TaskOutcome.Interrupted();
        }
        catch (Exception) when (cancellations.IsCancelled(task.TaskId, task.Attempt))
        {
            return new TaskOutcome.Cancelled();
        }
        catch (Exception exception) when (exception is TimeoutException || timeoutSource.IsCancellationRequested)
        {
            return new TaskOutcome.Failed($"Timed out: the task hit its time limit of {timeout.TotalSeconds:0.###} s (timeoutSeconds) and was stopped.", Permanent: true);
        }
        catch (TaskFailedException failure)
        {
            return new TaskOutcome.Failed(failure.Message, failure.Permanent);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Task {TaskId} ({Type}) failed on attempt {Attempt}", task.TaskId, task.Type, task.Attempt);
            return new TaskOutcome.Failed($"{exception.GetType().Name}: {exception.Message}", Permanent: false);
        }
    }

    // Fast tasks report only their outcome, which carries the start time: one broker round
    // trip and one database write fewer per task.
    private async Task AnnounceStartIfSlowAsync(
        TaskQueued task, Task execution, bool redelivered, DateTimeOffset startedAt, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(options.Value.StartedEventDelayMilliseconds);
        if (delay > TimeSpan.Zero && await Task.WhenAny(execution, Task.Delay(delay, timeProvider, stoppingToken)) == execution)
        {
            return;
        }

        await publisher.PublishEventAsync(new TaskStarted(task.TaskId, task.Attempt, worker.Id, redelivered, startedAt), stoppingToken);
    }

    private async Task PublishProgressAsync(TaskQueued task, double value)
    {
        try
        {
            await publisher.PublishEventAsync(new TaskProgressed(task.TaskId, task.Attempt, value, timeProvider.GetUtcNow()), CancellationToken.None);
        }
        catch (Exception exception)
        {
            // Progress is advisory; the outcome event that follows is what counts.
            logger.LogDebug(exception, "Progress for task {TaskId} was not published", task.TaskId);
        }
    }

    // A failure that earns another attempt schedules it first, so the outcome can say when.
    private async Task<ITaskOutcome> ToReportedAsync(
        TaskQueued task, TaskOutcome outcome, DateTimeOffset startedAt, TaskPriority priority, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        switch (outcome)
        {
            case TaskOutcome.Finished finished:
                return new TaskFinished(task.TaskId, task.Attempt, worker.Id, finished.Result, startedAt, now);
            case TaskOutcome.Failed failed:
                var retryAt = failed.Permanent || task.Attempt >= task.FinalAttempt
                    ? (DateTimeOffset?)null
                    : await ScheduleRetryAsync(task, priority, now, cancellationToken);
                return new TaskFailed(task.TaskId, task.Attempt, worker.Id, failed.Error, startedAt, retryAt, now);
            case TaskOutcome.Cancelled:
                return new TaskCancelled(task.TaskId, task.Attempt, worker.Id, now);
            default:
                throw new InvalidOperationException($"{outcome.GetType().Name} is handed back, not reported");
        }
    }

    // The next attempt waits in a delay queue of its priority and returns to that priority's queue when due, so the
    // retry survives restarts of every process, the broker included.
    private async Task<DateTimeOffset> ScheduleRetryAsync(TaskQueued task, TaskPriority priority, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var delay = RetryDelays.ForAttempt(task.Attempt, Random.Shared);
        var next = task with { Attempt = task.Attempt + 1, OccurredAt = now };
        await publisher.PublishAsync(
            OutgoingMessage.Create("", TaskQueues.RetryQueueFor(RetryDelays.TierFor(delay), priority), next) with { Expiration = delay },
            cancellationToken);
        return now + delay;
    }
}
