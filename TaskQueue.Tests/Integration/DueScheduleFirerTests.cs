using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Tests.Integration;

// The firer against a real, migrated SQLite file, with the times a clock would give it: each
// occurrence gets one task and one outbox row, whatever the clock does and however many
// firers (web processes, each with its own write gate on the file) try at once.
public sealed class DueScheduleFirerTests : IDisposable
{
    private static readonly DateTimeOffset s_noon = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly TestDirectory _directory = new("schedules");
    private readonly PooledDbContextFactory<TasksDbContext> _contexts;

    public DueScheduleFirerTests()
    {
        _contexts = new PooledDbContextFactory<TasksDbContext>(new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={_directory.File("tasks.db")}").Options);
        using var db = _contexts.CreateDbContext();
        db.Database.Migrate();
    }

    [Fact]
    public async Task An_occurrence_fires_once_and_a_clock_gone_back_fires_nothing_again()
    {
        var schedule = await AddAsync(TestSchedules.Due("*/5 * * * * *", s_noon));
        var firer = NewFirer();

        var first = await firer.FireDueAsync(s_noon.AddMilliseconds(100), 10, CancellationToken.None);
        var again = await firer.FireDueAsync(s_noon.AddMilliseconds(200), 10, CancellationToken.None);
        var jumpedBack = await firer.FireDueAsync(s_noon.AddHours(-1), 10, CancellationToken.None);

        var task = Assert.Single(first);
        Assert.Equal((schedule.Id, s_noon, TaskItemStatus.Queued), (task.ScheduleId!.Value, task.OccurrenceAt!.Value, task.Status));
        Assert.Empty(again);
        Assert.Empty(jumpedBack);
        await AssertRunsAsync(schedule.Id, [s_noon], nextRunAt: s_noon.AddSeconds(5));
    }

    // A NextRunAt set back onto an occurrence that already ran (a resume computed from a clock
    // that went back) moves on without a second task: the occurrence is unique per schedule.
    [Fact]
    public async Task An_occurrence_that_already_has_a_task_gets_no_second_one()
    {
        var schedule = await AddAsync(TestSchedules.Due("*/5 * * * * *", s_noon));
        var firer = NewFirer();
        await firer.FireDueAsync(s_noon, 10, CancellationToken.None);
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            await db.Schedules.Where(row => row.Id == schedule.Id).ExecuteUpdateAsync(row => row.SetProperty(s => s.NextRunAt, s_noon));
        }

        var refired = await firer.FireDueAsync(s_noon.AddSeconds(1), 10, CancellationToken.None);

        Assert.Empty(refired);
        await AssertRunsAsync(schedule.Id, [s_noon], nextRunAt: s_noon.AddSeconds(5));
    }

    [Fact]
    public async Task Firers_in_several_processes_fire_each_occurrence_once()
    {
        var schedules = new List<Schedule>();
        for (var i = 0; i < 10; i++)
        {
            schedules.Add(await AddAsync(TestSchedules.Due("*/5 * * * * *", s_noon)));
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => NewFirer().FireDueAsync(s_noon, 10, CancellationToken.None))));

        Assert.Equal(schedules.Select(s => s.Id).Order(), results.SelectMany(tasks => tasks).Select(task => task.ScheduleId!.Value).Order());
        await using var db = await _contexts.CreateDbContextAsync();
        Assert.Equal(10, await db.Outbox.CountAsync());
    }

    [Fact]
    public async Task A_paused_schedule_does_not_fire()
    {
        var paused = TestSchedules.Due("*/5 * * * * *", s_noon);
        (paused.Paused, paused.NextRunAt) = (true, null);
        await AddAsync(paused);

        Assert.Empty(await NewFirer().FireDueAsync(s_noon.AddDays(1), 10, CancellationToken.None));
    }

    // A stored schedule that can no longer be read (its zone gone from the machine) is paused,
    // and the schedules due after it still fire: one bad row never wedges the loop.
    [Fact]
    public async Task An_unreadable_schedule_is_paused_and_the_others_still_fire()
    {
        var broken = TestSchedules.Due("*/5 * * * * *", s_noon);
        broken.TimeZone = "Atlantis/Lost_City";
        await AddAsync(broken);
        var healthy = await AddAsync(TestSchedules.Due("*/5 * * * * *", s_noon.AddSeconds(1)));

        var fired = await NewFirer().FireDueAsync(s_noon.AddSeconds(2), 10, CancellationToken.None);

        Assert.Equal(healthy.Id, Assert.Single(fired).ScheduleId);
        await using var db = await _contexts.CreateDbContextAsync();
        var paused = await db.Schedules.SingleAsync(row => row.Id == broken.Id);
        Assert.Equal((true, (DateTimeOffset?)null), (paused.Paused, paused.NextRunAt));
    }

    private DueScheduleFirer NewFirer() => new(_contexts, new SqliteTaskStore(_contexts, new DatabaseWriteGate(_directory.File("tasks.db"))));

    private async Task<Schedule> AddAsync(Schedule schedule)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        db.Schedules.Add(schedule);
        await db.SaveChangesAsync();
        return schedule;
    }

    private async Task AssertRunsAsync(Guid scheduleId, DateTimeOffset[] occurrences, DateTimeOffset nextRunAt)
    {
        await using var db = await _contexts.CreateDbContextAsync();
        Assert.Equal(occurrences, await db.Tasks.Where(task => task.ScheduleId == scheduleId).Select(task => task.OccurrenceAt!.Value).ToListAsync());
        Assert.Equal(occurrences.Length, await db.Outbox.CountAsync());
        Assert.Equal(nextRunAt, (await db.Schedules.SingleAsync(row => row.Id == scheduleId)).NextRunAt);
    }

    public void Dispose()
    {
        SqliteConnectionPoolCleaner.ClearAll();
        _directory.Dispose();
    }
}
