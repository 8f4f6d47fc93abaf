using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TaskQueue.Data;
using TaskQueue.Data.Model;
using TaskQueue.Data.Sqlite;
using TaskQueue.Messaging;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Bench;

public sealed record ListQueryFigures(double FirstPageMs, double StatusFilterMs, double SearchByIdMs, double CountByStatusMs, int Rows);

// (e) The web app's own list query (TaskService.ListAsync: a page of 50, newest first, with
// the total) over a database of a million tasks, median of repeated runs.
public static class ListQueryBenchmark
{
    public static async Task<ListQueryFigures> MeasureAsync(int rows)
    {
        var path = Path.Combine(Path.GetTempPath(), $"taskqueue-bench-list-{Guid.NewGuid():N}.db");
        try
        {
            var options = new DbContextOptionsBuilder<TasksDbContext>().UseTasksSqlite($"Data Source={path}").Options;
            await using (var db = new TasksDbContext(options))
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }

            var someId = Fill(path, rows);
            await using var context = new TasksDbContext(options);
            var tasks = new TaskService(context, new OutboxSignal(),
                new TaskChangeAnnouncer(new TaskChangeNotifier(), new WebReplicas(1), new TaskChangeBroadcaster(new UnusedPublisher(), NullLogger<TaskChangeBroadcaster>.Instance)),
                TimeProvider.System,
                new SqliteTaskStore(new PooledDbContextFactory<TasksDbContext>(options), new DatabaseWriteGate(path)),
                new EnqueueRateLimiter(Options.Create(new EnqueueLimitOptions()), new WebReplicas(1)), new ScheduledTasksSignal(),
                new OutboxBundler(Options.Create(new OutboxOptions()), new WorkerRegistry(TimeProvider.System)));
            var admin = new TaskAccess("bench-admin", IsAdmin: true);

            return new ListQueryFigures(
                await MedianMsAsync(() => tasks.ListAsync(admin, new TaskQuery(), CancellationToken.None)),
                await MedianMsAsync(() => tasks.ListAsync(admin, new TaskQuery(Status: TaskItemStatus.Failed), CancellationToken.None)),
                await MedianMsAsync(() => tasks.ListAsync(admin, new TaskQuery(Search: someId.ToString()), CancellationToken.None)),
                await MedianMsAsync(() => tasks.CountByStatusAsync(admin, CancellationToken.None)),
                rows);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            foreach (var file in new[] { path, path + "-wal", path + "-shm", path + "-writelock", path + "-writelock-enqueues" })
            {
                File.Delete(file);
            }
        }
    }

    private static async Task<double> MedianMsAsync<T>(Func<Task<T>> query)
    {
        await query();
        var timings = new List<double>();
        for (var i = 0; i < 15; i++)
        {
            var clock = Stopwatch.StartNew();
            await query();
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }

        return Percentiles.Median(timings);
    }

    // Raw inserts in one transaction: EF would take minutes for a million rows.
    private static Guid Fill(string path, int rows)
    {
        using var connection = new SqliteConnection($"Data Source={path}");
        connection.Open();
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO Tasks (Id, Name, Type, Input, Status, Result, Progress, Attempt, MaxAttempts, TimeoutSeconds, CreatedAt, FinishedAt, UpdatedAt)
            VALUES ($id, $name, 'echo', '{"value":1}', $status, '1', 1, 1, 3, 10, $created, $created, $created)
            """;
        var id = insert.Parameters.Add("$id", SqliteType.Text);
        var name = insert.Parameters.Add("$name", SqliteType.Text);
        var status = insert.Parameters.Add("$status", SqliteType.Text);
        var created = insert.Parameters.Add("$created", SqliteType.Integer);
        var start = DateTimeOffset.UtcNow.AddDays(-30);
        var middle = Guid.Empty;
        for (var i = 0; i < rows; i++)
        {
            var at = start.AddMilliseconds(i * 2.5);
            var taskId = Guid.CreateVersion7(at);
            middle = i == rows / 2 ? taskId : middle;
            id.Value = taskId.ToString().ToUpperInvariant();
            name.Value = $"task {i}";
            status.Value = i % 10 == 0 ? "Failed" : "Finished";
            created.Value = at.UtcTicks;
            insert.ExecuteNonQuery();
        }

        transaction.Commit();
        using var analyze = connection.CreateCommand();
        analyze.CommandText = "ANALYZE;";
        analyze.ExecuteNonQuery();
        return middle;
    }

    // One web app alone announces nothing to others, and the benchmark only reads.
    private sealed class UnusedPublisher : IMessagePublisher
    {
        public Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
