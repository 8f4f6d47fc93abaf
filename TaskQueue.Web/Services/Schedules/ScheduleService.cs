using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Storage;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;

namespace TaskQueue.Web.Services.Schedules;

// Everything the API and the UI do with schedules. Owners and admins as for tasks: users see
// and act on their own schedules, admins on everyone's; another user's schedule does not exist.
public sealed class ScheduleService(
    TasksDbContext db, ITaskStore store, TimeProvider timeProvider, SchedulesSignal schedules, OutboxSignal outbox,
    TaskChangeAnnouncer changes, EnqueueRateLimiter rateLimiter)
{
    public const int RecentRunCount = 20;

    public async Task<Schedule> CreateAsync(TaskAccess access, NewSchedule request, CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var schedule = new Schedule
        {
            Id = Guid.CreateVersion7(now),
            Name = request.Name,
            Cron = request.Cron,
            TimeZone = request.TimeZone,
            MissedRuns = request.MissedRuns,
            TaskType = request.Task.Type,
            TaskName = request.Task.Name,
            TaskInput = request.Task.Input.GetRawText(),
            TaskMaxAttempts = request.Task.MaxAttempts,
            TaskTimeoutSeconds = request.Task.TimeoutSeconds,
            TaskPriority = request.Task.Priority,
            OwnerId = access.UserId,
            NextRunAt = request.Parsed.NextAfter(now),
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Schedules.Add(schedule);
        await SaveAsync(cancellationToken);
        schedules.Notify();
        return schedule;
    }

    public Task<List<Schedule>> ListAsync(TaskAccess access, CancellationToken cancellationToken) =>
        Visible(db.Schedules.AsNoTracking(), access).OrderByDescending(schedule => schedule.CreatedAt).ToListAsync(cancellationToken);

    public Task<Schedule?> FindAsync(TaskAccess access, Guid id, CancellationToken cancellationToken) =>
        Visible(db.Schedules.AsNoTracking(), access).FirstOrDefaultAsync(schedule => schedule.Id == id, cancellationToken);

    // The schedule's latest runs, newest first: its occurrences and the ones triggered by hand.
    public async Task<IReadOnlyDictionary<Guid, List<TaskItem>>> RecentRunsAsync(
        IReadOnlyCollection<Guid> scheduleIds, int count, CancellationToken cancellationToken)
    {
        var runs = new Dictionary<Guid, List<TaskItem>>();
        foreach (var id in scheduleIds)
        {
            runs[id] = await db.Tasks.AsNoTracking().Where(task => task.ScheduleId == id)
                .OrderByDescending(task => task.CreatedAt).ThenByDescending(task => task.Id).Take(count).ToListAsync(cancellationToken);
        }

        return runs;
    }

    // Idempotent: pausing a paused schedule changes nothing. A pause committed before the firer's
    // conditional update makes that update match nothing, so no occurrence fires after it.
    public Task<Schedule?> PauseAsync(TaskAccess access, Guid id, CancellationToken cancellationToken) =>
        ChangeAsync(access, id, schedule =>
        {
            schedule.Paused = true;
            schedule.NextRunAt = null;
        }, cancellationToken);

    // Idempotent; resumes from now: occurrences that passed while paused are not missed runs.
    public async Task<Schedule?> ResumeAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        var resumed = await ChangeAsync(access, id, schedule =>
        {
            if (schedule.Paused)
            {
                schedule.Paused = false;
                schedule.NextRunAt = ScheduleCron.Parse(schedule.Cron, schedule.TimeZone).NextAfter(timeProvider.GetUtcNow());
            }
        }, cancellationToken);
        schedules.Notify();
        return resumed;
    }

    // A run now, besides the occurrences (paused or not). Its OccurrenceAt is null, so it never
    // collides with an occurrence's task.
    public async Task<EnqueueResult?> TriggerAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        if (await FindAsync(access, id, cancellationToken) is not { } schedule)
        {
            return null;
        }

        if (rateLimiter.TryAcquire(access, 1) is { } retryAfter)
        {
            return EnqueueResult.RateLimited(retryAfter);
        }

        var now = timeProvider.GetUtcNow();
        var task = ScheduledRun.Create(schedule, occurrence: null, now);
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            await db.Schedules.Where(row => row.Id == id).ExecuteUpdateAsync(row => row.SetProperty(s => s.LastRunAt, now), cancellationToken);
            db.Tasks.Add(task);
            db.Outbox.Add(TaskMessages.Queued(task, finalAttempt: task.MaxAttempts, now));
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        outbox.Notify();
        changes.Announce([task.Id]);
        return EnqueueResult.Accepted([task]);
    }

    // The tasks it already created stay, with their ScheduleId as a record of where they came from.
    public async Task<bool> DeleteAsync(TaskAccess access, Guid id, CancellationToken cancellationToken)
    {
        using (await store.EnterWriteAsync(cancellationToken))
        {
            return await Visible(db.Schedules, access).Where(schedule => schedule.Id == id).ExecuteDeleteAsync(cancellationToken) > 0;
        }
    }

    private async Task<Schedule?> ChangeAsync(TaskAccess access, Guid id, Action<Schedule> change, CancellationToken cancellationToken)
    {
        var schedule = await Visible(db.Schedules, access).FirstOrDefaultAsync(schedule => schedule.Id == id, cancellationToken);
        if (schedule is null)
        {
            return null;
        }

        change(schedule);
        if (db.Entry(schedule).State == EntityState.Modified)
        {
            schedule.UpdatedAt = timeProvider.GetUtcNow();
            await SaveAsync(cancellationToken);
        }

        return schedule;
    }

    private static IQueryable<Schedule> Visible(IQueryable<Schedule> schedules, TaskAccess access) =>
        access.IsAdmin ? schedules : schedules.Where(schedule => schedule.OwnerId == access.UserId);

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        using (await store.EnterWriteAsync(cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
        }
    }
}
