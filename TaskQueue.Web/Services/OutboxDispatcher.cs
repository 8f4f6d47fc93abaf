using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;

namespace TaskQueue.Web.Services;

// Publishes outbox rows with confirms, oldest first, then deletes them. A row is deleted only
// after the broker confirmed it, so a crash in between publishes it again on restart: the
// broker may see a message twice, never zero times.
public sealed class OutboxDispatcher(
    IDbContextFactory<TasksDbContext> contextFactory,
    IMessagePublisher publisher,
    OutboxSignal signal,
    DatabaseWriteGate writeGate,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 1000;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await DispatchBatchAsync(stoppingToken) == BatchSize)
                {
                }

                backoff = TimeSpan.Zero;
                await signal.WaitAsync(s_pollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 100, 5000));
                logger.LogWarning(exception, "Dispatching the outbox failed; retrying in {Delay} ms", backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }

    private async Task<int> DispatchBatchAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var batch = await db.Outbox.AsNoTracking().OrderBy(message => message.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (batch.Count == 0)
        {
            return 0;
        }

        // Concurrent publishes on one channel share the broker's confirm round trips.
        await Task.WhenAll(batch.Select(message => publisher.PublishAsync(ToOutgoing(message), cancellationToken)));

        var ids = batch.Select(message => message.Id).ToList();
        using (await writeGate.EnterAsync(cancellationToken))
        {
            await db.Outbox.Where(message => ids.Contains(message.Id)).ExecuteDeleteAsync(cancellationToken);
        }

        return batch.Count;
    }

    private static OutgoingMessage ToOutgoing(OutboxMessage message) =>
        new(message.Exchange, message.RoutingKey, message.Type, message.Body, message.MessageId, message.TraceParent);
}
