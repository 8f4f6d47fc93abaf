using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;

namespace TaskQueue.MigrationService;

// Runs once per AppHost start, before any service opens the database, so migrations are
// never raced by several processes. Exits 0 when the schema is current.
public sealed class DatabaseMigrator(
    IDbContextFactory<TasksDbContext> contextFactory, IHostApplicationLifetime lifetime, ILogger<DatabaseMigrator> logger)
    : BackgroundService
{
    private static readonly ActivitySource s_activitySource = new("TaskQueue.MigrationService");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = s_activitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(stoppingToken);
            var path = DataExtensions.DatabasePath(db.Database.GetConnectionString()!);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);

            var pending = (await db.Database.GetPendingMigrationsAsync(stoppingToken)).ToList();
            await db.Database.MigrateAsync(stoppingToken);
            // WAL is a property of the file: set once here, every later connection uses it.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", stoppingToken);
            logger.LogInformation("Database {Path} is up to date ({Count} migrations applied)", path, pending.Count);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogCritical(exception, "Migrating the database failed");
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }
}
