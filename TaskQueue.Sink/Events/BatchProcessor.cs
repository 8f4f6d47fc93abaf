using Microsoft.Extensions.Options;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Sink.Events;

// The sink's single loop: take what has arrived (up to MaxBatchSize events; a delivery carrying
// a worker's batch of outcomes is never split), dead-letter what cannot be applied, apply the
// rest in one transaction, ack after the commit, then hand the changed tasks to the broadcaster,
// which announces them without holding up the next batch. A failed commit (database locked,
// disk full) is retried with backoff and nothing is acked until it succeeds, so no event is
// ever dropped.
public sealed class BatchProcessor(
    PendingEvents pending,
    EventApplier applier,
    IMessagePublisher publisher,
    TaskChangeBroadcaster broadcaster,
    IOptions<SinkOptions> options,
    ILogger<BatchProcessor> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var batch = new List<PendingEvent>(options.Value.MaxBatchSize);
        try
        {
            while (await pending.Reader.WaitToReadAsync(stoppingToken))
            {
                batch.Clear();
                var events = 0;
                while (pending.Reader.TryPeek(out var next)
                    && (batch.Count == 0 || events + next.Events.Count <= options.Value.MaxBatchSize)
                    && pending.Reader.TryRead(out var item))
                {
                    batch.Add(item);
                    events += item.Events.Count;
                }

                await ProcessAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Unacked deliveries return to the queue when the connection closes.
        }
    }

    private async Task ProcessAsync(List<PendingEvent> batch, CancellationToken stoppingToken)
    {
        foreach (var rejected in batch.Where(item => item.Rejection is not null))
        {
            logger.LogWarning("Dead-lettering {Type} message {MessageId}: {Reason}", rejected.Message.Type, rejected.Message.MessageId, rejected.Rejection);
            await publisher.PublishAsync(rejected.Message.ToDeadLetter(rejected.Rejection!), stoppingToken);
        }

        var events = batch.SelectMany(item => item.Events).ToList();
        var deadLetters = batch.SelectMany(item => item.DeadLetters ?? []).ToList();
        var changed = await ApplyWithRetryAsync(events, deadLetters, stoppingToken);
        await AckAsync(batch);
        broadcaster.Post(changed.TaskIds, changed.WorkflowIds);
    }

    private async Task<AppliedChanges> ApplyWithRetryAsync(
        List<object> events, List<DeadLetter> deadLetters, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await applier.ApplyAsync(events, deadLetters, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(exception, "Applying {Count} events failed (attempt {Attempt}); retrying in {Delay} ms",
                    events.Count, attempt, delay.TotalMilliseconds);
                await Task.Delay(delay, stoppingToken);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    // One ack per channel for the whole batch: every earlier delivery on that channel was
    // settled by an earlier batch, so acking "up to the highest tag" is exact.
    private async Task AckAsync(List<PendingEvent> batch)
    {
        foreach (var channel in batch.GroupBy(item => item.Message.Channel))
        {
            var highest = channel.Max(item => item.Message.DeliveryTag);
            try
            {
                await channel.Key.BasicAckAsync(highest, multiple: true);
            }
            catch (Exception exception)
            {
                // The connection dropped after the commit: the broker redelivers these events
                // and the state machine recognises them as duplicates.
                logger.LogWarning("Could not ack {Count} applied events: {Reason}", channel.Count(), exception.Message);
            }
        }
    }
}
