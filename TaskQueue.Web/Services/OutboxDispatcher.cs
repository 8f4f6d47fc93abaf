using System.Threading.Channels;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Messaging;

namespace TaskQueue.Web.Services;

// Publishes outbox rows with confirms, oldest first, and deletes a row only after the broker
// confirmed it, so a crash in between publishes it again on restart: the broker may see a
// message twice, never zero times. Two loops pipeline this: one reads rows committed since it
// last looked and publishes them at once, without waiting for the confirms of earlier ones;
// the other waits for confirms in order and deletes confirmed rows many at a time. Rows come
// in claims (ITaskStore.ClaimOutboxAsync): on PostgreSQL a claim holds its rows locked until
// every one of them is settled, so several web replicas never publish one row at once. Work
// orders written one row each (schedules, workflows, retries) go as bundles (OutboxBundles):
// one message, one confirm, many rows. The API writes a request's bundles as rows already.
public sealed class OutboxDispatcher(
    ITaskStore store,
    IMessagePublisher publisher,
    OutboxSignal signal,
    OutboxBundler bundler,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    private const int BatchSize = 1000;

    // Rows per delete: SQLite's write lock (and the web's write gate) is held for one chunk at a
    // time, so a request's insert never queues behind a long catch-up delete after a burst.
    private const int DeleteChunk = 200;
    private const int MaxAwaitingConfirm = 4 * BatchSize;
    private static readonly TimeSpan s_pollInterval = TimeSpan.FromSeconds(1);

    // One delete for everything confirmed meanwhile, rather than a write transaction per wake-up
    // for the web's inserts and the sink's batches to queue behind.
    private static readonly TimeSpan s_deleteInterval = TimeSpan.FromMilliseconds(20);

    private readonly Channel<Publication> _awaitingConfirm = Channel.CreateBounded<Publication>(
        new BoundedChannelOptions(MaxAwaitingConfirm) { SingleReader = true, SingleWriter = true });

    // One published message and the claim's rows it carries (one, or a bundle's).
    private sealed record Publication(OutboxClaim Claim, int FirstRow, int Rows, OutgoingMessage Message, Task Confirmed)
    {
        public IEnumerable<long> RowIds => Enumerable.Range(FirstRow, Rows).Select(row => Claim.Messages[row].Id);
    }

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

    private async Task PublishNewRowsAsync(CancellationToken stoppingToken)
    {
        long lastClaimed = 0;
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var claim = await store.ClaimOutboxAsync(lastClaimed, BatchSize, stoppingToken);
                await PublishAsync(claim, stoppingToken);
                lastClaimed = claim.Messages.Count > 0 ? claim.Messages[^1].Id : lastClaimed;
                backoff = TimeSpan.Zero;
                if (claim.Messages.Count < BatchSize)
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

    // Starts publishing each row and hands it on to wait for its confirm. Rows not handed on
    // (the host is stopping) are settled here, so the claim still ends.
    private async Task PublishAsync(OutboxClaim claim, CancellationToken stoppingToken)
    {
        var handedOn = 0;
        try
        {
            foreach (var (firstRow, rows, message) in bundler.Pack(claim.Messages))
            {
                var confirmed = publisher.PublishAsync(message, stoppingToken);
                await _awaitingConfirm.Writer.WriteAsync(new Publication(claim, firstRow, rows, message, confirmed), stoppingToken);
                handedOn += rows;
            }
        }
        finally
        {
            var remaining = claim.Messages.Count - handedOn;
            if (remaining == claim.Messages.Count || (remaining > 0 && claim.Settle(remaining)))
            {
                await EndAsync(claim);
            }
        }
    }

    // Runs until the reader stops and every publication it started has settled; what was
    // confirmed by then is deleted even while the host stops.
    private async Task DeleteConfirmedAsync(CancellationToken stoppingToken)
    {
        var confirmed = new List<long>(DeleteChunk);
        var settled = new List<Publication>(DeleteChunk);
        var pending = _awaitingConfirm.Reader;
        while (await pending.WaitToReadAsync(CancellationToken.None))
        {
            // Waits for the oldest, then takes every later one that is already settled and may
            // be deleted together with it.
            var rows = 0;
            while (rows < DeleteChunk && pending.TryPeek(out var next)
                && (settled.Count == 0 || (next.Confirmed.IsCompleted && settled[0].Claim.DeletesTogetherWith(next.Claim))))
            {
                pending.TryRead(out _);
                settled.Add(next);
                rows += next.Rows;
                if (await ConfirmAsync(next, stoppingToken))
                {
                    confirmed.AddRange(next.RowIds);
                }
            }

            await DeleteAsync(settled[0].Claim, confirmed, stoppingToken);
            foreach (var claim in settled.GroupBy(publication => publication.Claim).Where(group => group.Key.Settle(group.Sum(publication => publication.Rows))))
            {
                await EndAsync(claim.Key);
            }

            confirmed.Clear();
            settled.Clear();
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

                logger.LogWarning(exception, "Publishing outbox row {RowId} ({Rows} rows) failed; publishing it again in {Delay} ms",
                    publication.Claim.Messages[publication.FirstRow].Id, publication.Rows, delay.TotalMilliseconds);
                await Task.Delay(delay, CancellationToken.None);
                delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
                attempt = publisher.PublishAsync(publication.Message, stoppingToken);
            }
        }
    }

    private async Task DeleteAsync(OutboxClaim claim, List<long> ids, CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(100);
        while (ids.Count > 0)
        {
            try
            {
                await claim.DeleteAsync(ids, CancellationToken.None);
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

    // Ending a claim commits its deletes; should that fail, its rows are published again later.
    private async Task EndAsync(OutboxClaim claim)
    {
        try
        {
            await claim.DisposeAsync();
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Ending an outbox claim of {Count} rows failed; they will be published again", claim.Messages.Count);
        }
    }
}
