using Microsoft.Extensions.Options;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Sink.Events;

// Feeds the batch loop from two queues: lifecycle events, and dead-lettered task messages
// (a task quarantined after its workers died on it too often becomes Failed with the reason).
public sealed class EventConsumer(
    QueueConsumerFactory consumers, PendingEvents pending, IOptions<SinkOptions> options, TimeProvider timeProvider)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var prefetch = (ushort)Math.Clamp(options.Value.MaxBatchSize * 2, 10, ushort.MaxValue);
        await using var events = await consumers.ConsumeAsync(
            new ConsumerOptions(Topology.SinkQueue, prefetch), OnEventAsync, stoppingToken);
        await using var deadLetters = await consumers.ConsumeAsync(
            new ConsumerOptions(Topology.SinkDeadLetterQueue, Prefetch: 50), OnDeadLetterAsync, stoppingToken);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task OnEventAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        PendingEvent received;
        try
        {
            received = message.Deserialize() switch
            {
                TaskOutcomes batch => FromBatch(message, batch),
                ITaskEvent { TaskId: var id } single when id != Guid.Empty => new PendingEvent(message, [single], null),
                _ => PendingEvent.Rejected(message, $"{message.Type} is not a task event with a taskId"),
            };
        }
        catch (MalformedMessageException malformed)
        {
            // Dead-lettered by the batch loop, in order with its neighbours' acks.
            received = PendingEvent.Rejected(message, malformed.Message);
        }

        await pending.AddAsync(received, cancellationToken);
    }

    // A batch is applied whole or dead-lettered whole, naming the first item that is wrong.
    private static PendingEvent FromBatch(DeliveredMessage message, TaskOutcomes batch)
    {
        if (batch.Outcomes is not { Count: > 0 } outcomes)
        {
            return PendingEvent.Rejected(message, "TaskOutcomes holds no outcomes");
        }

        for (var index = 0; index < outcomes.Count; index++)
        {
            if (outcomes[index] is not { TaskId: var id } || id == Guid.Empty)
            {
                return PendingEvent.Rejected(message, $"TaskOutcomes item {index} is not an outcome with a taskId");
            }
        }

        return new PendingEvent(message, [.. outcomes], null);
    }

    private async Task OnDeadLetterAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var reason = DeadLetterReason.Describe(message);
        var originalQueue = message.GetHeader(DeadLetterHeaders.OriginalQueue) ?? message.GetHeader(DeadLetterHeaders.BrokerQueue);
        DeadLetter Record(TaskQueued? task, byte[] body) => new()
        {
            MessageId = message.MessageId,
            Type = task is null ? message.Type : nameof(TaskQueued),
            OriginalQueue = originalQueue,
            Reason = reason,
            TaskId = task?.TaskId,
            Body = body,
            DeadLetteredAt = now,
        };

        // A bundle's tasks are dead letters one by one: each fails with the reason, and each
        // can be requeued or discarded on its own.
        var tasks = ReadTasks(message);
        var records = tasks.Count == 0
            ? [Record(null, message.Body)]
            : tasks.Select(task => Record(task, message.Type == nameof(TaskQueued) ? message.Body : MessageSerializer.Serialize(task))).ToList();
        var failures = tasks.Select(task => (object)new TaskFailed(task.TaskId, task.Attempt, null, reason, null, null, now)).ToList();
        await pending.AddAsync(new PendingEvent(message, failures, null, records), cancellationToken);
    }

    // The tasks a dead-lettered work order names; none when it is no work order, or unreadable,
    // in which case it is kept as a dead letter and nothing is marked.
    private static IReadOnlyList<TaskQueued> ReadTasks(DeliveredMessage message)
    {
        try
        {
            IReadOnlyList<TaskQueued> tasks = message.Type switch
            {
                nameof(TaskQueued) => [message.Deserialize<TaskQueued>()],
                nameof(TaskQueuedBundle) => message.Deserialize<TaskQueuedBundle>().Tasks,
                _ => [],
            };
            return [.. tasks.Where(task => task.TaskId != Guid.Empty)];
        }
        catch (MalformedMessageException)
        {
            return [];
        }
    }
}
