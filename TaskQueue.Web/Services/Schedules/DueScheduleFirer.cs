using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;

namespace TaskQueue.Web.Services.Schedules;

// Fires due schedules, each in one transaction: a conditional update moves the schedule's
// NextRunAt on from the value this replica read, and only if that update wins are the task and
// its outbox row inserted. Another replica (or a pause, or a resume) that changed the row first
// makes the update match nothing, and this replica fires nothing. On PostgreSQL the update
// waits for the other transaction's row lock and then re-reads the row; on SQLite the write
// gate runs the whole transaction alone. The unique (ScheduleId, OccurrenceAt) index is the
// last word: an occurrence that already has a task is never given a second one.
public sealed class DueScheduleFirer(
    IDbContextFactory<TasksDbContext> contextFactory, ITaskStore store, ILogger<DueScheduleFirer>? logger = null)
{
    // Until the earliest NextRunAt of an active schedule, null when there is none.
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        return await db.Schedules.AsNoTracking().Where(schedule => schedule.NextRunAt != null)
            .OrderBy(schedule => schedule.NextRunAt).Select(schedule => schedule.NextRunAt).FirstOrDefaultAsync(cancellationToken);
    }

    // The tasks this call created; schedules another replica fired meanwhile are left to it.
    public async Task<IReadOnlyList<TaskItem>> FireDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        List<Schedule> due;
        await using (var db = await contextFactory.CreateDbContextAsync(cancellationToken))
        {
            due = await db.Schedules.AsNoTracking().Where(schedule => schedule.NextRunAt <= now)
                .OrderBy(schedule => schedule.NextRunAt).Take(max).ToListAsync(cancellationToken);
        }

        var created = new List<TaskItem>();
        foreach (var schedule in due)
        {
            try
            {
                if (await FireAsync(schedule, now, cancellationToken) is { } task)
                {
                    created.Add(task);
                }
            }
            catch (FormatException unreadable)
            {
                // Validated when created, yet no longer readable here (its time zone gone from
                // this machine's tz database): paused, so it neither blocks the schedules due
                // after it nor is retried forever. Resuming it reports what is wrong.
                logger?.LogError(unreadable, "Schedule {ScheduleId} ({Name}) cannot be read and is paused", schedule.Id, schedule.Name);
                await PauseAsync(schedule, now, cancellationToken);
            }
        }

        return created;
    }

    private async Task PauseAsync(Schedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.Schedules.Where(row => row.Id == schedule.Id && row.NextRunAt == schedule.NextRunAt)
                .ExecuteUpdateAsync(row => row
                    .SetProperty(s => s.Paused, true)
                    .SetProperty(s => s.NextRunAt, (DateTimeOffset?)null)
                    .SetProperty(s => s.UpdatedAt, now), cancellationToken);
        }
    }

    private async Task<TaskItem?> FireAsync(Schedule schedule, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var seen = schedule.NextRunAt!.Value;
        var firing = ScheduleFiring.Decide(ScheduleCron.Parse(schedule.Cron, schedule.TimeZone), schedule.MissedRuns, seen, now);
        await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Schedules.Where(row => row.Id == schedule.Id && row.NextRunAt == seen)
                .ExecuteUpdateAsync(row =>
                {
                    row.SetProperty(s => s.NextRunAt, firing.NextRunAt).SetProperty(s => s.UpdatedAt, now);
                    if (firing.Occurrence is { } occurrence)
                    {
                        row.SetProperty(s => s.LastRunAt, occurrence);
                    }
                }, cancellationToken);
            if (claimed == 0)
            {
                return null;
            }

            TaskItem? task = null;
            if (firing.Occurrence is { } fired
                && !await db.Tasks.AnyAsync(row => row.ScheduleId == schedule.Id && row.OccurrenceAt == fired, cancellationToken))
            {
                task = ScheduledRun.Create(schedule, fired, now);
                db.Tasks.Add(task);
                db.Outbox.Add(TaskMessages.Queued(task, finalAttempt: task.MaxAttempts, now));
                await db.SaveChangesAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            return task;
        }
    }
}
