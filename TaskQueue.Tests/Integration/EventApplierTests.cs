using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Sink.Events;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// The sink's batch writer against a real, migrated SQLite file, read back through EF: what it
// writes with its own statements is what the rest of the system reads.
public sealed class EventApplierTests : IDisposable
{
    private static readonly DateTimeOffset s_created = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly JsonElement s_result = JsonSerializer.SerializeToElement(42);

    private readonly TestDirectory _directory = new("applier");
    private readonly PooledDbContextFactory<TasksDbContext> _contexts;
    private readonly EventApplier _applier;

    public EventApplierTests()
    {
        var options = new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={_directory.File("tasks.db")}").Options;
        _contexts = new PooledDbContextFactory<TasksDbContext>(options);
        using var db = _contexts.CreateDbContext();
        db.Database.Migrate();
        _applier = new EventApplier(new SqliteTaskStore(_contexts, new DatabaseWriteGate(_directory.File("tasks.db"))), TimeProvider.System);
    }

    [Fact]
    public async Task A_fast_task_is_recorded_finished_with_its_start_from_the_finished_event_alone()
    {
        var id = await AddTaskAsync();
        var startedAt = s_created.AddMilliseconds(3);

        var changed = await ApplyAsync(new TaskFinished(id, 1, "w1", s_result, startedAt, startedAt.AddMilliseconds(1)));

        Assert.Equal([id], changed);
        var task = await ReadAsync(id);
        Assert.Equal(TaskItemStatus.Finished, task.Status);
        Assert.Equal("42", task.Result);
        Assert.Equal(startedAt, task.StartedAt);
        Assert.Equal("w1", task.WorkerId);
        var attempt = Assert.Single(task.Attempts);
        Assert.Equal((AttemptOutcome.Finished, startedAt, "w1"), (attempt.Outcome, attempt.StartedAt, attempt.WorkerId));
    }

    [Fact]
    public async Task Duplicates_in_one_batch_and_a_redelivered_batch_change_nothing()
    {
        var id = await AddTaskAsync();
        var batch = new object[]
        {
            new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)),
            new TaskFinished(id, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(9)),
            new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)),
            new TaskFinished(id, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(9)),
        };

        Assert.Equal([id], await ApplyAsync(batch));
        var first = await ReadAsync(id);
        Assert.Empty(await ApplyAsync(batch));

        var again = await ReadAsync(id);
        Assert.Equal(TaskItemStatus.Finished, again.Status);
        Assert.Equal(first.UpdatedAt, again.UpdatedAt);
        Assert.Equal(s_created.AddMilliseconds(9), Assert.Single(again.Attempts).FinishedAt);
    }

    [Fact]
    public async Task A_redelivery_to_another_worker_closes_the_vanished_execution_as_lost()
    {
        var id = await AddTaskAsync();
        await ApplyAsync(new TaskStarted(id, 1, "w1", false, s_created.AddMilliseconds(1)));

        await ApplyAsync(new TaskStarted(id, 1, "w2", true, s_created.AddSeconds(30)));
        await ApplyAsync(new TaskFinished(id, 1, "w2", s_result, s_created.AddSeconds(30), s_created.AddSeconds(31)));

        var task = await ReadAsync(id);
        Assert.Equal(TaskItemStatus.Finished, task.Status);
        Assert.Equal(
            [("w1", AttemptOutcome.Lost, false), ("w2", AttemptOutcome.Finished, true)],
            task.Attempts.OrderBy(a => a.Id).Select(a => (a.WorkerId, a.Outcome, a.Redelivered)));
    }

    [Fact]
    public async Task Stale_and_unknown_events_are_dropped_and_dead_letters_kept()
    {
        var id = await AddTaskAsync(attempt: 2);
        var deadLetter = new DeadLetter { MessageId = "m1", Type = "TaskQueued", Reason = "poison", TaskId = id, Body = [1, 2], DeadLetteredAt = s_created };

        var changed = await _applier.ApplyAsync(
            [new TaskFinished(id, 1, "late", s_result, s_created, s_created), new TaskFinished(Guid.NewGuid(), 1, "w1", s_result, s_created, s_created)],
            [deadLetter], CancellationToken.None);

        Assert.Empty(changed.TaskIds);
        Assert.Equal(TaskItemStatus.Queued, (await ReadAsync(id)).Status);
        await using var db = await _contexts.CreateDbContextAsync();
        var kept = await db.DeadLetters.SingleAsync();
        Assert.Equal((id, "poison", s_created), (kept.TaskId, kept.Reason, kept.DeadLetteredAt));
    }

    [Fact]
    public async Task A_changed_workflow_step_names_its_workflow_and_a_plain_task_none()
    {
        var (workflow, step) = await TestRows.AddWorkflowStepAsync(_contexts, s_created);
        var plain = await AddTaskAsync();

        var changed = await _applier.ApplyAsync(
            [new TaskStarted(step, 1, "w1", false, s_created.AddMilliseconds(1)), new TaskStarted(plain, 1, "w1", false, s_created.AddMilliseconds(1))],
            [], CancellationToken.None);
        var plainOnly = await _applier.ApplyAsync(
            [new TaskFinished(plain, 1, "w1", s_result, s_created.AddMilliseconds(1), s_created.AddMilliseconds(2))], [], CancellationToken.None);

        Assert.Equal([step, plain], changed.TaskIds.Order());
        Assert.Equal([workflow], changed.WorkflowIds);
        Assert.Equal([plain], plainOnly.TaskIds);
        Assert.Empty(plainOnly.WorkflowIds);
    }

    private async Task<IReadOnlyList<Guid>> ApplyAsync(params object[] events) => (await _applier.ApplyAsync(events, [], CancellationToken.None)).TaskIds;

    private Task<Guid> AddTaskAsync(int attempt = 1) => TestRows.AddTaskAsync(_contexts, s_created, attempt);

    private Task<TaskItem> ReadAsync(Guid id) => TestRows.ReadTaskAsync(_contexts, id);

    public void Dispose()
    {
        SqliteConnectionPoolCleaner.ClearAll();
        _directory.Dispose();
    }
}
