using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// The Tasks indexes only some tasks need are partial (most tasks are in no batch, schedule or
// workflow, and only Scheduled ones wait for a time), which SQLite uses only when a query's
// WHERE implies the index's own. Each query that needs one is planned here, on a migrated file,
// as EF writes it: a plan that scans Tasks would make every poll read the whole table.
public sealed class PartialIndexTests : IDisposable
{
    private readonly TestDirectory _directory = new("partial-indexes");
    private readonly TasksDbContext _db;

    public PartialIndexTests()
    {
        var options = new DbContextOptionsBuilder<TasksDbContext>()
            .UseTasksSqlite($"Data Source={_directory.File("tasks.db")}").Options;
        _db = new PooledDbContextFactory<TasksDbContext>(options).CreateDbContext();
        _db.Database.Migrate();
    }

    public static TheoryData<string> Queries => ["due scheduled", "workflow steps", "batch", "schedule runs", "recently finished"];

    [Theory]
    [MemberData(nameof(Queries))]
    public void Each_query_that_needs_a_partial_index_uses_it(string query)
    {
        var now = DateTimeOffset.UtcNow;
        var id = Guid.NewGuid();
        var workflowIds = new List<Guid?> { id, Guid.NewGuid() };
        var (tasks, index) = query switch
        {
            "due scheduled" => (_db.Tasks.Where(task => task.Status == TaskItemStatus.Scheduled && task.RunAt <= now).OrderBy(task => task.RunAt).Take(100),
                "IX_Tasks_DueScheduled"),
            "workflow steps" => (_db.Tasks.Where(task => workflowIds.Contains(task.WorkflowId)), "IX_Tasks_WorkflowId"),
            "batch" => (_db.Tasks.Where(task => task.BatchId == id), "IX_Tasks_BatchId"),
            "schedule runs" => (_db.Tasks.Where(task => task.ScheduleId == id).OrderByDescending(task => task.OccurrenceAt).Take(20),
                "IX_Tasks_ScheduleId_OccurrenceAt"),
            "recently finished" => (_db.Tasks.Where(task => task.FinishedAt >= now.AddMinutes(-5)), "IX_Tasks_FinishedAt_Status"),
            _ => throw new ArgumentOutOfRangeException(nameof(query)),
        };

        var plan = Plan(tasks);
        Assert.True(plan.Contains(index, StringComparison.Ordinal), $"expected {index} in: {plan}");
    }

    private static string Plan(IQueryable<TaskItem> query)
    {
        using var command = query.CreateDbCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + command.CommandText;
        command.Connection!.Open();
        try
        {
            using var reader = command.ExecuteReader();
            var plan = new List<string>();
            while (reader.Read())
            {
                plan.Add(reader.GetString(3));
            }

            return string.Join(" | ", plan);
        }
        finally
        {
            command.Connection.Close();
        }
    }

    public void Dispose()
    {
        _db.Dispose();
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
