using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using RabbitMQ.Client;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Worker.Execution;
using TaskQueue.Worker.Handlers;

namespace TaskQueue.Tests.Unit;

public sealed class TaskRunnerTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // A counting task is done in microseconds, but a stalled CI thread pool can hold its handler
    // past the default 5 ms, and then it is announced as running: tests about fast tasks wait a minute.
    private static readonly WorkerOptions s_announceOnlyStalledTasks = new() { StartedEventDelayMilliseconds = 60_000 };

    [Fact]
    public async Task A_handler_that_ignores_cancellation_is_abandoned_at_its_timeout()
    {
        // Not disposed: the abandoned handler may still be waking from it when the test ends.
        var released = new ManualResetEventSlim();
        var runner = CreateRunner(new StubbornHandler(released), out _);
        var clock = Stopwatch.StartNew();

        var outcome = await runner.ExecuteAsync(Queued("stubborn", timeoutSeconds: 1), redelivered: false, DateTimeOffset.UtcNow, CancellationToken.None);
        var elapsed = clock.Elapsed;
        released.Set();

        var failed = Assert.IsType<TaskOutcome.Failed>(outcome);
        Assert.Contains("Timed out", failed.Error);
        // The handler is still blocked: the outcome came at the timeout, not when the handler ended.
        Assert.InRange(elapsed.TotalSeconds, 0.9, 20);
    }

    [Fact]
    public async Task A_cancelled_task_is_skipped_without_running()
    {
        var handler = new CountingHandler();
        var runner = CreateRunner(handler, out var cancellations);
        var task = Queued("counting");
        cancellations.Cancel(task.TaskId, task.Attempt);

        var outcome = await runner.ExecuteAsync(task, redelivered: false, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.IsType<TaskOutcome.Cancelled>(outcome);
        Assert.Equal(0, handler.Runs);
    }

    // Cancel, then Retry: the cancellation was made in attempt 1 and must not stop attempt 2.
    [Fact]
    public async Task A_task_retried_after_its_cancellation_runs_its_new_attempt()
    {
        var handler = new CountingHandler();
        var runner = CreateRunner(handler, out var cancellations);
        var first = Queued("counting");
        cancellations.Cancel(first.TaskId, first.Attempt);

        var outcome = await runner.ExecuteAsync(first with { Attempt = first.Attempt + 1, FinalAttempt = first.Attempt + 3 },
            redelivered: false, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.IsType<TaskOutcome.Finished>(outcome);
        Assert.Equal(1, handler.Runs);
    }

    [Fact]
    public async Task An_unknown_type_fails_permanently_naming_the_known_ones()
    {
        var runner = CreateRunner(new CountingHandler(), out _);

        var outcome = await runner.ExecuteAsync(Queued("teleport"), redelivered: false, DateTimeOffset.UtcNow, CancellationToken.None);

        var failed = Assert.IsType<TaskOutcome.Failed>(outcome);
        Assert.True(failed.Permanent);
        Assert.Contains("Unknown task type 'teleport'", failed.Error);
        Assert.Contains("counting", failed.Error);
    }

    [Fact]
    public async Task A_worker_that_stops_hands_the_task_back()
    {
        var runner = CreateRunner(new StubbornHandler(), out _);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));

        var outcome = await runner.ExecuteAsync(Queued("stubborn", timeoutSeconds: 30), redelivered: false, DateTimeOffset.UtcNow, stopping.Token);

        Assert.IsType<TaskOutcome.Interrupted>(outcome);
    }

    [Fact]
    public async Task A_fast_task_does_not_announce_running_separately()
    {
        var publisher = new RecordingPublisher();
        var runner = CreateRunner(new CountingHandler(), out _, publisher, s_announceOnlyStalledTasks);

        var outcome = await runner.ExecuteAsync(Queued("counting"), redelivered: false, DateTimeOffset.UtcNow, CancellationToken.None);

        Assert.IsType<TaskOutcome.Finished>(outcome);
        Assert.DoesNotContain(publisher.Published, message => message.Type == nameof(TaskStarted));
    }

    [Fact]
    public async Task A_slow_task_announces_running_while_it_runs()
    {
        var publisher = new RecordingPublisher();
        var runner = CreateRunner(new StubbornHandler(), out _, publisher);
        using var stopping = new CancellationTokenSource();

        var running = runner.ExecuteAsync(Queued("stubborn", timeoutSeconds: 30), redelivered: false, DateTimeOffset.UtcNow, stopping.Token);
        await publisher.StartedAnnounced.WaitAsync(s_timeout);

        Assert.False(running.IsCompleted);
        stopping.Cancel();
        Assert.IsType<TaskOutcome.Interrupted>(await running.WaitAsync(s_timeout));
    }

    // The slot is for running: a task whose handler is done waits for its outcome's confirm, and
    // so its ack, without holding one, so a slow confirm does not keep the next delivery waiting.
    [Fact]
    public async Task A_task_frees_its_slot_when_its_handler_is_done_not_when_its_outcome_is_confirmed()
    {
        var publisher = new HeldPublisher();
        var runner = CreateRunner(new CountingHandler(), out _, publisher, s_announceOnlyStalledTasks);
        var channel = RecordingChannel.Create();
        var acks = new ChannelAcks(channel.Channel);
        acks.Delivered(1);
        var delivery = new DeliveredMessage(channel.Channel, "taskqueue.tasks", 1, false,
            new BasicProperties { Type = nameof(TaskQueued) }, MessageSerializer.Serialize(Queued("counting")), acks);
        var slots = new PrioritySlots(1, new Dictionary<TaskPriority, int>());
        var slot = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None);

        var running = runner.RunAsync(delivery, slot, CancellationToken.None);
        await publisher.WaitForPublishesAsync(1).WaitAsync(s_timeout);

        // The only slot is free again while the outcome still waits for its confirm, unacked.
        using var next = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None).AsTask().WaitAsync(s_timeout);
        Assert.False(running.IsCompleted);
        Assert.Empty(channel.Sent);

        publisher.Confirm();
        await running.WaitAsync(s_timeout);
        Assert.Equal(["ack 1"], channel.Sent);
    }

    private static TaskQueued Queued(string type, int timeoutSeconds = 5) =>
        new(Guid.NewGuid(), type, JsonSerializer.SerializeToElement(new { }), 1, 1, timeoutSeconds, DateTimeOffset.UtcNow);

    private static TaskRunner CreateRunner(ITaskHandler handler, out CancellationRegistry cancellations, IMessagePublisher? publisher = null,
        WorkerOptions? options = null)
    {
        cancellations = new CancellationRegistry(TimeProvider.System);
        publisher ??= new RecordingPublisher();
        return new TaskRunner(new TaskHandlerRegistry([handler]), publisher, new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance),
            cancellations, new WorkerIdentity("test:1"),
            Options.Create(options ?? new WorkerOptions()), TimeProvider.System, NullLogger<TaskRunner>.Instance);
    }

    // Given an event, ignores cancellation by blocking its thread until released (at most 30 s);
    // without one, runs until cancelled.
    private sealed class StubbornHandler(ManualResetEventSlim? released = null) : ITaskHandler
    {
        public string Type => "stubborn";

        public async Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            if (released is null)
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            else
            {
                released.Wait(TimeSpan.FromSeconds(30));
            }

            return default;
        }
    }

    private sealed class CountingHandler : ITaskHandler
    {
        public int Runs;

        public string Type => "counting";

        public Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Runs);
            return Task.FromResult(JsonSerializer.SerializeToElement(1));
        }
    }

    private sealed class RecordingPublisher : IMessagePublisher
    {
        private readonly TaskCompletionSource _startedAnnounced = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<OutgoingMessage> Published { get; } = [];

        public Task StartedAnnounced => _startedAnnounced.Task;

        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken)
        {
            lock (Published)
            {
                Published.Add(message);
            }

            if (message.Type == nameof(TaskStarted))
            {
                _startedAnnounced.TrySetResult();
            }

            return Task.CompletedTask;
        }
    }
}
