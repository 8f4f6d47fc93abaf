using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;

namespace TaskQueue.Web.Services;

// Moves delayed tasks from Scheduled to Queued when their RunAt comes. The schedule lives only
// in the database (status Scheduled, RunAt), so it survives a restart of any process, the
// broker included: the broker sees a delayed task only once it is due. Each promotion writes
// the task's outbox row in the same transaction (ITaskStore.PromoteDueAsync), and every web
// replica runs this loop: the store lets exactly one of them promote each task.
public sealed class ScheduledTaskPromoter(
    IDbContextFactory<TasksDbContext> contextFactory,
    ITaskStore store,
    ScheduledTasksSignal scheduled,
    OutboxSignal outbox,
    TaskChangeAnnouncer changes,
    TimeProvider timeProvider,
    ILogger<ScheduledTaskPromoter> logger) : BackgroundService
{
    private const int BatchSize = 500;

    // The longest sleep between looks: a task another replica accepted (and whose own promoter
    // died before its time) is still promoted within this of its time.
    private static readonly TimeSpan s_maxSleep = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan s_contendedPause = TimeSpan.FromMilliseconds(50);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // Reading first keeps an idle loop to one indexed read: promoting takes the write
                // gate (SQLite), which the sink's batches would otherwise queue behind.
                var wait = await UntilNextDueAsync(stoppingToken);
                if (wait > TimeSpan.Zero)
                {
                    await scheduled.WaitAsync(wait, stoppingToken);
                    continue;
                }

                var promoted = await store.PromoteDueAsync(timeProvider.GetUtcNow(), BatchSize, Announce, stoppingToken);
                if (promoted.Count > 0)
                {
                    outbox.Notify();
                    changes.Announce(promoted.Select(task => task.Id).ToList());
                }
                else
                {
                    // Another replica holds the due rows (PostgreSQL) and is promoting them.
                    await Task.Delay(s_contendedPause, stoppingToken);
                }

                backoff = TimeSpan.Zero;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                backoff = TimeSpan.FromMilliseconds(Math.Clamp(backoff.TotalMilliseconds * 2, 100, 5000));
                logger.LogWarning(exception, "Promoting scheduled tasks failed; retrying in {Delay} ms", backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }

    private OutboxMessage Announce(TaskItem task) =>
        TaskMessages.Queued(task, finalAttempt: task.Attempt + task.MaxAttempts - 1, timeProvider.GetUtcNow());

    // Until the earliest RunAt, at most s_maxSleep; zero when a task is due.
    private async Task<TimeSpan> UntilNextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        var next = await db.Tasks.AsNoTracking().Where(task => task.Status == TaskItemStatus.Scheduled)
            .OrderBy(task => task.RunAt).Select(task => task.RunAt).FirstOrDefaultAsync(cancellationToken);
        var untilNext = next is { } due ? due - timeProvider.GetUtcNow() : s_maxSleep;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext < s_maxSleep ? untilNext : s_maxSleep;
    }
}
