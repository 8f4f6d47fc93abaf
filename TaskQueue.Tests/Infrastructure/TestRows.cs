using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;

namespace TaskQueue.Tests.Infrastructure;

// Rows put straight into a test's database and read back through EF, on either engine.
public static class TestRows
{
    public static async Task<Guid> AddTaskAsync(IDbContextFactory<TasksDbContext> contexts, DateTimeOffset created, int attempt = 1)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var task = new TaskItem { Id = Guid.CreateVersion7(), Type = "echo", Attempt = attempt, MaxAttempts = 3, CreatedAt = created, UpdatedAt = created };
        db.Tasks.Add(task);
        await db.SaveChangesAsync();
        return task.Id;
    }

    // A running chain of one step, its step Queued.
    public static async Task<(Guid Workflow, Guid Step)> AddWorkflowStepAsync(IDbContextFactory<TasksDbContext> contexts, DateTimeOffset created)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var workflow = new Workflow { Id = Guid.CreateVersion7(), Name = "chain", Kind = WorkflowKind.Chain, StepCount = 1, CreatedAt = created, UpdatedAt = created };
        var step = new TaskItem
        {
            Id = Guid.CreateVersion7(), Type = "echo", MaxAttempts = 3, WorkflowId = workflow.Id, WorkflowStep = 0, CreatedAt = created, UpdatedAt = created,
        };
        workflow.TaskIds = $"[\"{step.Id}\"]";
        db.Workflows.Add(workflow);
        db.Tasks.Add(step);
        await db.SaveChangesAsync();
        return (workflow.Id, step.Id);
    }

    public static async Task<TaskItem> ReadTaskAsync(IDbContextFactory<TasksDbContext> contexts, Guid id)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Tasks.AsNoTracking().Include(task => task.Attempts).SingleAsync(task => task.Id == id);
    }

    // Returns the rows' message ids, oldest first.
    public static async Task<List<string>> AddOutboxRowsAsync(IDbContextFactory<TasksDbContext> contexts, int count, string? messageId = null)
    {
        await using var db = await contexts.CreateDbContextAsync();
        var rows = Enumerable.Range(0, count).Select(_ => new OutboxMessage
        {
            Exchange = "x", RoutingKey = "k", Type = "T", Body = [1], MessageId = messageId ?? Guid.NewGuid().ToString("N"), CreatedAt = DateTimeOffset.UtcNow,
        }).ToList();
        db.Outbox.AddRange(rows);
        await db.SaveChangesAsync();
        return rows.Select(row => row.MessageId).ToList();
    }

    public static async Task<int> CountOutboxRowsAsync(IDbContextFactory<TasksDbContext> contexts)
    {
        await using var db = await contexts.CreateDbContextAsync();
        return await db.Outbox.CountAsync();
    }
}
