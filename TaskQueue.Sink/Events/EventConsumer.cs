using Microsoft.Extensions.Options;
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
        try
        {
            var taskEvent = message.Deserialize();
            var rejection = taskEvent is ITaskEvent { TaskId: var id } && id != Guid.Empty ? null : $"{message.Type} is not a task event with a taskId";
            await pending.AddAsync(new PendingEvent(message, rejection is null ? taskEvent : null, rejection), cancellationToken);
        }
        catch (MalformedMessageException malformed)
        {
            // Dead-lettered by the batch loop, in order with its neighbours' acks.
            await pending.AddAsync(new PendingEvent(message, null, malformed.Message), cancellationToken);
        }
    }

    private async Task OnDeadLetterAsync(DeliveredMessage message, CancellationToken cancellationToken)
    {
        object? failure = null;
        if (message.Type == MessageSerializer.TypeName<TaskQueued>())
        {
            try
            {
                var task = message.Deserialize<TaskQueued>();
                failure = new TaskFailed(task.TaskId, task.Attempt, null, DeadLetterReason.Describe(message), null, null, timeProvider.GetUtcNow());
            }
            catch (MalformedMessageException)
            {
                // Nothing to mark: the message never named a task. It stays in the dead-letter queue.
            }
        }

        await pending.AddAsync(new PendingEvent(message, failure, null), cancellationToken);
    }
}
