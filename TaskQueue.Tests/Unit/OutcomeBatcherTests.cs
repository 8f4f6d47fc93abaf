using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using RabbitMQ.Client;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Worker.Execution;

namespace TaskQueue.Tests.Unit;

public sealed class OutcomeBatcherTests
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(10);

    private readonly RecordingChannel _channel = RecordingChannel.Create();
    private readonly ChannelAcks _acks;

    public OutcomeBatcherTests() => _acks = new ChannelAcks(_channel.Channel);

    [Fact]
    public async Task Outcomes_of_concurrent_callers_go_out_in_fewer_messages_and_callers_wait_for_the_confirm()
    {
        var publisher = new HeldPublisher();
        await using var batcher = new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance);

        var calls = Enumerable.Range(1, 50)
            .Select(tag => batcher.ReportAsync(Outcome(tag), Delivery((ulong)tag), CancellationToken.None))
            .ToList();
        await publisher.WaitForPublishesAsync(1);
        await Task.Delay(200);

        Assert.DoesNotContain(calls, call => call.IsCompleted);
        Assert.Empty(_channel.Sent);

        publisher.Confirm();
        await Task.WhenAll(calls).WaitAsync(s_timeout);

        var messages = publisher.Published.Select(message => MessageSerializer.Deserialize<TaskOutcomes>(message.Type, message.Body.Span)).ToList();
        Assert.InRange(messages.Count, 2, 49);
        Assert.Equal(50, messages.Sum(message => message.Outcomes.Count));
        Assert.All(publisher.Published, message =>
        {
            var outcomes = MessageSerializer.Deserialize<TaskOutcomes>(message.Type, message.Body.Span).Outcomes;
            Assert.Single(outcomes.Select(outcome => outcome.GetType()).Distinct());
            Assert.Equal(TaskOutcomes.RoutingKeyFor(outcomes[0]), message.RoutingKey);
        });
        Assert.Contains(publisher.Published, message => message.RoutingKey == "task.failed");
        // Batches ack in the order they were taken, so each settles everything below it in one call.
        Assert.InRange(_channel.Sent.Count, 1, messages.Count);
        Assert.EndsWith("50", _channel.Sent[^1]);
    }

    [Fact]
    public async Task A_failed_publish_fails_every_caller_of_its_batch_and_acks_none()
    {
        var publisher = new HeldPublisher { FailNext = true };
        await using var batcher = new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance);
        publisher.Confirm();

        var failed = batcher.ReportAsync(Outcome(1), Delivery(1), CancellationToken.None);

        await Assert.ThrowsAsync<InvalidOperationException>(() => failed.WaitAsync(s_timeout));
        Assert.Empty(_channel.Sent);

        // The task returns to its queue and runs again; its next outcome goes out.
        await batcher.ReportAsync(Outcome(2), Delivery(2), CancellationToken.None).WaitAsync(s_timeout);
        Assert.Equal(["ack 2"], _channel.Sent);
    }

    [Fact]
    public async Task A_publish_still_being_retried_holds_its_callers()
    {
        var publisher = new HeldPublisher();
        await using var batcher = new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance);

        var waiting = batcher.ReportAsync(Outcome(1), Delivery(1), CancellationToken.None);
        await publisher.WaitForPublishesAsync(1);

        // The report's own deadline passes first: the caller gives up unacked, so its task is requeued.
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => batcher.ReportAsync(Outcome(2), Delivery(2), deadline.Token));
        Assert.False(waiting.IsCompleted);
        Assert.Empty(_channel.Sent);

        publisher.Confirm();
        await waiting.WaitAsync(s_timeout);
    }

    [Fact]
    public async Task Outcomes_of_tasks_running_together_go_out_as_one_message()
    {
        var publisher = new HeldPublisher();
        publisher.Confirm();
        await using var batcher = new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance, linger: s_timeout);
        var running = Enumerable.Range(1, 3).Select(_ => batcher.TrackRunning()).ToList();

        var reports = new List<Task>();
        for (var tag = 1; tag <= 3; tag++)
        {
            reports.Add(batcher.ReportAsync(Outcome(tag), Delivery((ulong)tag), CancellationToken.None));
            running[tag - 1].Dispose();
            await Task.Delay(100);
        }

        await Task.WhenAll(reports).WaitAsync(s_timeout);
        var message = Assert.Single(publisher.Published);
        Assert.Equal(3, MessageSerializer.Deserialize<TaskOutcomes>(message.Type, message.Body.Span).Outcomes.Count);
    }

    [Fact]
    public async Task A_task_that_runs_alone_reports_at_once_and_a_task_still_running_holds_a_batch_only_briefly()
    {
        var publisher = new HeldPublisher();
        publisher.Confirm();
        await using var batcher = new OutcomeBatcher(publisher, NullLogger<OutcomeBatcher>.Instance, linger: TimeSpan.FromSeconds(2));

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await batcher.ReportAsync(Outcome(1), Delivery(1), CancellationToken.None).WaitAsync(s_timeout);
        Assert.InRange(clock.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1.5));

        using var neverEnds = batcher.TrackRunning();
        clock.Restart();
        await batcher.ReportAsync(Outcome(2), Delivery(2), CancellationToken.None).WaitAsync(s_timeout);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), s_timeout);
        Assert.Equal(2, publisher.Published.Count);
    }

    private DeliveredMessage Delivery(ulong tag)
    {
        _acks.Delivered(tag);
        return new DeliveredMessage(_channel.Channel, "taskqueue.tasks", tag, false, new BasicProperties(), [], _acks);
    }

    private static ITaskOutcome Outcome(int index)
    {
        var now = DateTimeOffset.UtcNow;
        return index % 5 == 0
            ? new TaskFailed(Guid.NewGuid(), 1, "test:1", "boom", now, null, now)
            : new TaskFinished(Guid.NewGuid(), 1, "test:1", JsonSerializer.SerializeToElement(index), now, now);
    }
}
