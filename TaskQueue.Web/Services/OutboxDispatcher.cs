using System.Threading.Channels;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;

namespace TaskQueue.Web.Services;

// Publishes outbox rows with confirms, oldest first, and deletes a row only after the broker
// confirmed it, so a crash in between publishes it again on restart: the broker may see a
// message twice, never zero times. Two loops pipeline this: one reads rows committed since it
// last looked and publishes them at once, without waiting for the confirms of earlier ones;
// the other waits for confirms in order and deletes confirmed rows many at a time.
public sealed class OutboxDispatcher(
    IDbContextFactory<TasksDbContext> contextFactory,
    IMessagePublisher publisher,
    OutboxSignal signal,
    DatabaseWriteGate writeGate,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    // Rows per delete: the write lock (and the web's write gate) is held for one chunk at a
    // time, so a request's insert never queues behind a long catch-up delete after a burst.
    private const int DeleteChunk = 200;
    private const int MaxAwaitingConfirm = 4 * BatchSize;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    // One delete for everything confirmed meanwhile, rather than a write transaction per wake-up
    // for the web's inserts and the sink's batches to queue behind.
    private static readonly TimeSpan s_deleteInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<Publication> _awaitingConfirm = Channel.CreateBounded<Publication>(
        new BoundedChannelOptions(MaxAwaitingConfirm) { SingleReader = true, SingleWriter = true });

    private sealed record Publication(long RowId, OutgoingMessage Message, Task Confirmed);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var deleting = DeleteConfirmedAsync(stoppingToken);
        try
        {
            await PublishNewRowsAsync(stoppingToken);
        }
        finally
        {
            _awaitingConfirm.Writer.TryComplete();
            await deleting;
        }
    }

    // Row ids only grow (AUTOINCREMENT) and SQLite commits one writer at a time, so every row
    // committed after a read has a higher id than the rows that read saw.
    private async Task PublishNewRowsAsync(CancellationToken stoppingToken)
    {
        long lastRead = 0;
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var rows = await ReadAfterAsync(lastRead, stoppingToken);
                foreach (var row in rows)
                {
                    var message = ToOutgoing(row);
                    await _awaitingConfirm.Writer.WriteAsync(new Publication(row.Id, message, publisher.PublishAsync(message, stoppingToken)), stoppingToken);
                    lastRead = row.Id;
                }

                backoff = TimeSpan.Zero;
                if (rows.Count < BatchSize)
                {
                    await signal.WaitAsync(s_pollInterval, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 100, 5000));
                logger.LogWarning(exception, "Reading the outbox failed; retrying in {Delay} ms", backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }

    private async Task<List<OutboxMessage>> ReadAfterAsync(long lastRead, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Outbox.AsNoTracking().Where(message => message.Id > lastRead).OrderBy(message => message.Id)
            .Take(BatchSize).ToListAsync(cancellationToken);
    }

    // Runs until the reader stops and every publication it started has settled; what was
    // confirmed by then is deleted even while the host stops.
    private async Task DeleteConfirmedAsync(CancellationToken stoppingToken)
    {
        var confirmed = new List<long>(DeleteChunk);
        var pending = _awaitingConfirm.Reader;
        while (await pending.WaitToReadAsync(CancellationToken.None))
        {
            // Waits for the oldest, then takes every later one that is already settled.
            while (confirmed.Count < DeleteChunk && pending.TryPeek(out var next) && (confirmed.Count == 0 || next.Confirmed.IsCompleted))
            {
                pending.TryRead(out _);
                if (await ConfirmAsync(next, stoppingToken))
                {
                    confirmed.Add(next.RowId);
                }
            }

            await DeleteAsync(confirmed, stoppingToken);
            confirmed.Clear();
            if (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(s_deleteInterval, CancellationToken.None);
            }
        }
    }

    // A publish that failed is repeated here, with backoff, until confirmed; the rows behind it
    // wait, as the whole batch did before pipelining. While stopping the row simply stays.
    private async Task<bool> ConfirmAsync(Publication publication, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        var attempt = publication.Confirmed;
        while (true)
        {
            try
            {
                await attempt;
                return true;
            }
            catch (Exception exception)
            {
                if (stoppingToken.IsCancellationRequested)
                {
                    return false;
                }

                logger.LogWarning(exception, "Publishing outbox row {RowId} failed; publishing it again in {Delay} ms",
                    publication.RowId, delay.TotalMilliseconds);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
                attempt = publisher.PublishAsync(publication.Message, stoppingToken);
            }
        }
    }

    private async Task DeleteAsync(List<long> ids, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (ids.Count > 0)
        {
            try
            {
                await using var db = await contextFactory.CreateDbContextAsync(CancellationToken.None);
                using (await writeGate.EnterAsync(CancellationToken.None))
                {
                    await db.Outbox.Where(message => ids.Contains(message.Id)).ExecuteDeleteAsync(CancellationToken.None);
                }

                return;
            }
            catch (Exception exception)
            {
                // Not deleting only means publishing again after a restart; keep trying meanwhile.
                logger.LogWarning(exception, "Deleting {Count} published outbox rows failed; retrying in {Delay} ms", ids.Count, delay.TotalMilliseconds);
                if (stoppingToken.IsCancellationRequested)
                {
                    return;
                }

                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
            }
        }
    }

    private static OutgoingMessage ToOutgoing(OutboxMessage message) =>
        new(message.Exchange, message.RoutingKey, message.Type, message.Body, message.MessageId, message.TraceParent);
}
