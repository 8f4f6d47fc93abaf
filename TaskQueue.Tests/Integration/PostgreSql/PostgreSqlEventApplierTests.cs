using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Sink.Events;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration.PostgreSql;

// The sink's batch writer on PostgreSQL, read back through EF: the same idempotency and
// attempt fence as on SQLite, and, with no global write lock, two sinks applying the same
// events at once still record each task's outcome once (the rows are locked while applied).
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlEventApplierTests(PostgresFixture postgres) : IAsyncLifetime
{
    private static readonly DateTimeOffset s_created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement s_result = JsonSerializer.SerializeToElement(42);

    private PooledDbContextFactory<TasksDbContext> _contexts = null!;

    public async Task InitializeAsync() => _contexts = await postgres.CreateDatabaseAsync();

    [Fact]
    public async Task Duplicates_in_one_batch_and_a_redelivered_batch_change_nothing()
    {
        var applier = NewSink();
        var id = await AddTaskAsync();
        var batch = new object[]
        {
            new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)),
            new TaskFinished(id, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(9)),
            new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)),
            new TaskFinished(id, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(9)),
        };

        Assert.Equal([id], (await applier.ApplyAsync(batch, [], CancellationToken.None)).TaskIds);
        var first = await ReadAsync(id);
        Assert.Empty((await applier.ApplyAsync(batch, [], CancellationToken.None)).TaskIds);

        var again = await ReadAsync(id);
        Assert.Equal((TaskItemStatus.Finished, "42", s_created.AddMilliseconds(1)), (again.Status, again.Result, again.StartedAt));
        Assert.Equal(first.UpdatedAt, again.UpdatedAt);
        Assert.Equal(s_created.AddMilliseconds(9), Assert.Single(again.Attempts).FinishedAt);
    }

    [Fact]
    public async Task Events_of_an_older_attempt_are_fenced_off_and_dead_letters_kept()
    {
        var id = await AddTaskAsync(attempt: 2);
        var deadLetter = new DeadLetter { MessageId = "m1", Type = "TaskQueued", Reason = "poison", TaskId = id, Body = [1, 2], DeadLetteredAt = s_created };

        var changed = await NewSink().ApplyAsync(
            [new TaskFinished(id, 1, "late", s_result, s_created, s_created), new TaskFinished(Guid.NewGuid(), 1, "w1", s_result, s_created, s_created)],
            [deadLetter], CancellationToken.None);

        Assert.Empty(changed.TaskIds);
        Assert.Equal(TaskItemStatus.Queued, (await ReadAsync(id)).Status);
        await using var db = await _contexts.CreateDbContextAsync();
        var kept = await db.DeadLetters.SingleAsync();
        Assert.Equal((id, "poison", s_created), (kept.TaskId, kept.Reason, kept.DeadLetteredAt));
        Assert.Equal([1, 2], kept.Body);
    }

    [Fact]
    public async Task A_changed_workflow_step_names_its_workflow()
    {
        var (workflow, step) = await TestRows.AddWorkflowStepAsync(_contexts, s_created);

        var changed = await NewSink().ApplyAsync([new TaskStarted(step, 1, "w1", false, s_created.AddMilliseconds(1))], [], CancellationToken.None);

        Assert.Equal([step], changed.TaskIds);
        Assert.Equal([workflow], changed.WorkflowIds);
    }

    [Fact]
    public async Task Two_sinks_applying_the_same_events_at_once_record_each_task_once()
    {
        var ids = new List<Guid>();
        for (var i = 0; i < 40; i++)
        {
            ids.Add(await AddTaskAsync());
        }

        var events = ids.SelectMany(id => new object[]
        {
            new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)),
            new TaskFinished(id, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(5)),
        }).ToList();
        var sinks = new[] { NewSink(), NewSink() };

        // Each sink gets every event, in its own order and batches, as redeliveries would bring them.
        var applied = await Task.WhenAll(sinks.Select((sink, index) => Task.Run(async () =>
        {
            var changed = new List<Guid>();
            foreach (var batch in events.OrderBy(_ => Random.Shared.Next()).Chunk(10 + index * 7))
            {
                changed.AddRange((await sink.ApplyAsync(batch.OrderBy(e => e is TaskFinished).ToList(), [], CancellationToken.None)).TaskIds);
            }

            return changed;
        })));

        Assert.Equal(ids.Order(), applied.SelectMany(changed => changed).Distinct().Order());
        await using var db = await _contexts.CreateDbContextAsync();
        var tasks = await db.Tasks.AsNoTracking().Include(task => task.Attempts).ToListAsync();
        Assert.All(tasks, task =>
        {
            Assert.Equal(TaskItemStatus.Finished, task.Status);
            Assert.Equal(AttemptOutcome.Finished, Assert.Single(task.Attempts).Outcome);
        });
    }

    [Fact]
    public async Task New_tasks_and_their_outbox_rows_are_written_as_EF_reads_them()
    {
        var task = new TaskItem
        {
            Id = Guid.CreateVersion7(), Name = "n", Type = "echo", Input = """{"value":1}""", MaxAttempts = 4, TimeoutSeconds = 7,
            OwnerId = "owner", TraceId = "trace", CreatedAt = s_created, UpdatedAt = s_created,
        };
        var message = new OutboxMessage { Exchange = "x", RoutingKey = "k", Type = "T", Body = [9], MessageId = "m", CreatedAt = s_created };

        await new PostgreSqlTaskStore(_contexts).InsertTasksAsync([task], [message], CancellationToken.None);

        var stored = await ReadAsync(task.Id);
        Assert.Equal((TaskItemStatus.Queued, 1, 4, 7, "owner", s_created, s_created), (stored.Status, stored.Attempt, stored.MaxAttempts, stored.TimeoutSeconds, stored.OwnerId, stored.CreatedAt, stored.UpdatedAt));
        Assert.Equal("""{"value":1}""", stored.Input);
        await using var db = await _contexts.CreateDbContextAsync();
        var row = await db.Outbox.SingleAsync();
        Assert.Equal(("m", s_created), (row.MessageId, row.CreatedAt));
        Assert.Equal([9], row.Body);
    }

    private EventApplier NewSink() => new(new PostgreSqlTaskStore(_contexts), TimeProvider.System);

    private Task<Guid> AddTaskAsync(int attempt = 1) => TestRows.AddTaskAsync(_contexts, s_created, attempt);

    private Task<TaskItem> ReadAsync(Guid id) => TestRows.ReadTaskAsync(_contexts, id);

    public Task DisposeAsync() => Task.CompletedTask;
}
