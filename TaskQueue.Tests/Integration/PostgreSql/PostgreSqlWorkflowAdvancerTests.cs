using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Tests.Integration.PostgreSql;

// Every web replica runs a WorkflowAdvancer on one PostgreSQL database: however many look at
// once, each waiting step is released (and gets its outbox row) exactly once, and each
// workflow's end is recorded once.
[Collection(PostgresCollection.Name)]
public sealed class PostgreSqlWorkflowAdvancerTests(PostgresFixture postgres) : IAsyncLifetime
{
    private const int Replicas = 4;
    private PooledDbContextFactory<TasksDbContext> _contexts = null!;

    public async Task InitializeAsync() => _contexts = await postgres.CreateDatabaseAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Replicas_advancing_at_once_release_each_step_once_and_end_each_workflow_once()
    {
        var chains = Enumerable.Range(0, 40).Select(_ => Chain()).ToList();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            db.Workflows.AddRange(chains.Select(chain => chain.Workflow));
            db.Tasks.AddRange(chains.SelectMany(chain => chain.Steps));
            await db.SaveChangesAsync();
        }

        var released = await AdvanceWithAllReplicasAsync();
        await using (var db = await _contexts.CreateDbContextAsync())
        {
            var seconds = await db.Tasks.Where(task => task.WorkflowStep == 1).ToListAsync();
            Assert.All(seconds, step => Assert.Equal(TaskItemStatus.Queued, step.Status));
            Assert.All(seconds, step => Assert.Equal("""{"previous":"55"}""", step.WorkflowInput));
            Assert.Equal(chains.Count, await db.Outbox.CountAsync(row => row.Type == nameof(Messaging.Contracts.TaskQueued)));
            await db.Tasks.Where(task => task.WorkflowStep == 1)
                .ExecuteUpdateAsync(task => task.SetProperty(t => t.Status, TaskItemStatus.Finished).SetProperty(t => t.Result, "110"));
        }

        var ended = await AdvanceWithAllReplicasAsync();

        await using var after = await _contexts.CreateDbContextAsync();
        Assert.Equal(chains.Count, released);
        Assert.Equal(chains.Count, ended);
        Assert.Equal(chains.Count, await after.Outbox.CountAsync());
        Assert.All(await after.Workflows.ToListAsync(), workflow =>
        {
            Assert.Equal(WorkflowStatus.Finished, workflow.Status);
            Assert.Equal("110", workflow.Result);
        });
    }

    // All replicas pass over the workflows at the same moment, until none has anything to do;
    // returns how many workflows they moved on between them.
    private async Task<int> AdvanceWithAllReplicasAsync()
    {
        var advancers = Enumerable.Range(0, Replicas).Select(_ => NewAdvancer()).ToList();
        var moved = 0;
        int pass;
        do
        {
            var counts = await Task.WhenAll(advancers.Select(advancer => Task.Run(() => advancer.AdvanceAsync(CancellationToken.None))));
            pass = counts.Sum();
            moved += pass;
        }
        while (pass > 0);

        return moved;
    }

    private WorkflowAdvancer NewAdvancer()
    {
        var notifier = new TaskChangeNotifier();
        var announcer = new TaskChangeAnnouncer(notifier, new WebReplicas(1), new TaskChangeBroadcaster(new UnusedPublisher(), NullLogger<TaskChangeBroadcaster>.Instance));
        var transitions = new WorkflowTransitions(_contexts, new PostgreSqlTaskStore(_contexts), new OutboxSignal(), announcer, TimeProvider.System);
        return new WorkflowAdvancer(_contexts, transitions, new WorkflowSignal(), notifier, NullLogger<WorkflowAdvancer>.Instance);
    }

    private static (Workflow Workflow, TaskItem[] Steps) Chain()
    {
        var now = DateTimeOffset.UtcNow;
        var workflow = new Workflow { Id = Guid.CreateVersion7(), Name = "chain", Kind = WorkflowKind.Chain, StepCount = 2, CreatedAt = now, UpdatedAt = now };
        TaskItem Step(int index, TaskItemStatus status, string? result, string type, string input) => new()
        {
            Id = Guid.CreateVersion7(), Name = type, Type = type, Input = input, Status = status, Result = result,
            WorkflowId = workflow.Id, WorkflowStep = index, CreatedAt = now, UpdatedAt = now,
        };

        return (workflow, [
            Step(0, TaskItemStatus.Finished, "\"55\"", "fibonacci", """{"n":10}"""),
            Step(1, TaskItemStatus.Pending, null, "script", """{"code":"previous * 2"}"""),
        ]);
    }

    private sealed class UnusedPublisher : IMessagePublisher
    {
        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
