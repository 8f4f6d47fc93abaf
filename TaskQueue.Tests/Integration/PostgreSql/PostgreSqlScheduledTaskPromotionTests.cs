using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration.PostgreSql;

// Several web replicas promote due Scheduled tasks from one PostgreSQL database at once: each
// task is queued, and gets its outbox row, exactly once; tasks not yet due stay Scheduled.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlScheduledTaskPromotionTests(PostgresFixture postgres) : IAsyncLifetime
{
    private PooledDbContextFactory<TasksDbContext> _contexts = null!;

    public async Task InitializeAsync() => _contexts = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Replicas_promoting_at_once_queue_each_due_task_exactly_once()
    {
        var now = DateTimeOffset.UtcNow;
        var due = Enumerable.Range(0, 300).Select(index => Scheduled(now.AddMilliseconds(-index))).ToList();
        var later = Scheduled(now.AddHours(1));
        await new PostgreSqlTaskStore(_contexts).InsertTasksAsync([.. due, later], [], CancellationToken.None);

        var promoted = new ConcurrentBag<Guid>();
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            var replica = new PostgreSqlTaskStore(_contexts);
            while (await replica.PromoteDueAsync(now, 25, Announce, CancellationToken.None) is { Count: > 0 } batch)
            {
                foreach (var task in batch)
                {
                    promoted.Add(task.Id);
                }
            }
        })));

        await using var db = await _contexts.CreateDbContextAsync();
        Assert.Equal(due.Select(task => task.Id).Order(), promoted.Order());
        Assert.Equal(due.Select(task => task.Id.ToString()).Order(), (await db.Outbox.Select(row => row.MessageId).ToListAsync()).Order());
        Assert.Equal(due.Count, await db.Tasks.CountAsync(task => task.Status == TaskItemStatus.Queued));
        Assert.Equal(TaskItemStatus.Scheduled, (await db.Tasks.SingleAsync(task => task.Id == later.Id)).Status);
    }

    private static TaskItem Scheduled(DateTimeOffset runAt) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = "echo",
        Type = "echo",
        Input = """{"value":1}""",
        Status = TaskItemStatus.Scheduled,
        RunAt = runAt,
        CreatedAt = runAt,
        UpdatedAt = runAt,
    };

    // The message id names the task, so the outbox shows which tasks were announced.
    private static OutboxMessage Announce(TaskItem task) => new()
    {
        Exchange = "tasks",
        RoutingKey = "task",
        Type = "TaskQueued",
        Body = [],
        MessageId = task.Id.ToString(),
        CreatedAt = DateTimeOffset.UtcNow,
    };
}
