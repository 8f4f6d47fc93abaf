using TaskQueue.Web.Replicas;

namespace TaskQueue.Web.Services.Schedules;

// Creates each schedule's tasks when their occurrences come. Schedules live only in the
// database, so nothing is lost across restarts; every web replica runs this loop, and
// DueScheduleFirer lets exactly one of them fire each occurrence. Shaped like
// ScheduledTaskPromoter: an idle loop is one indexed read, at most every 250 ms.
public sealed class ScheduleFirer(
    DueScheduleFirer firer,
    SchedulesSignal schedules,
    OutboxSignal outbox,
    TaskChangeAnnouncer changes,
    TimeProvider timeProvider,
    ILogger<ScheduleFirer> logger) : BackgroundService
{
    private const int BatchSize = 100;

    // The longest sleep between looks: a schedule another replica created (or resumed) is
    // still fired within this of its time.
    private static readonly TimeSpan s_maxSleep = TimeSpan.FromMilliseconds(250);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.Zero;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var next = await firer.NextDueAsync(stoppingToken);
                var wait = next is { } due ? due - timeProvider.GetUtcNow() : s_maxSleep;
                if (wait > TimeSpan.Zero)
                {
                    await schedules.WaitAsync(wait < s_maxSleep ? wait : s_maxSleep, stoppingToken);
                    continue;
                }

                var created = await firer.FireDueAsync(timeProvider.GetUtcNow(), BatchSize, stoppingToken);
                if (created.Count > 0)
                {
                    outbox.Notify();
                    changes.Announce(created.Select(task => task.Id).ToList(), workflowIds: []);
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
                logger.LogWarning(exception, "Firing schedules failed; retrying in {Delay} ms", backoff.TotalMilliseconds);
                await Task.Delay(backoff, stoppingToken);
            }
        }
    }
}
