using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Tests.Integration.PostgreSql;

// Several web replicas fire due schedules from one PostgreSQL database at once: each
// occurrence gets exactly one task and one outbox row; a schedule not yet due fires nothing.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlScheduleFiringTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PooledDbContextFactory<TasksDbContext> _contexts = null!;

    public async Task InitializeAsync() => _contexts = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Replicas_firing_at_once_fire_each_occurrence_exactly_once()
    {
        var now = DateTimeOffset.UtcNow;
        var due = Enumerable.Range(0, 20).Select(index => TestSchedules.Due("*/5 * * * * *", now.AddMilliseconds(-index))).ToList();
        var later = TestSchedules.Due("*/5 * * * * *", now.AddHours(1));
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            db.Schedules.AddRange([.. due, later]);
            await db.SaveChangesAsync();
        }

        var fired = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() =>
            new DueScheduleFirer(_contexts, new PostgreSqlTaskStore(_contexts)).FireDueAsync(now, 100, CancellationToken.None))));

        await using var check = await _contexts.CreateDbContextAsync();
        var runs = await check.Tasks.ToListAsync();
        Assert.Equal(due.Select(s => s.Id).Order(), fired.SelectMany(tasks => tasks).Select(task => task.ScheduleId!.Value).Order());
        Assert.Equal(due.Select(s => (s.Id, s.NextRunAt!.Value)).Order(), runs.Select(task => (task.ScheduleId!.Value, task.OccurrenceAt!.Value)).Order());
        Assert.Equal(due.Count, await check.Outbox.CountAsync());
        Assert.All(await check.Schedules.Where(s => s.Id != later.Id).ToListAsync(), schedule => Assert.True(schedule.NextRunAt > now));
        Assert.Equal(later.NextRunAt, (await check.Schedules.SingleAsync(s => s.Id == later.Id)).NextRunAt);
    }
}
