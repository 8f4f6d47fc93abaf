using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Storage;

namespace TaskQueue.MigrationService;

// Runs once per AppHost start, before any service opens the database, so migrations are
// never raced by several processes. Exits 0 when the schema is current.
public sealed class DatabaseMigrator(
    IDbContextFactory<TasksDbContext> contextFactory, ISchemaMigrator migrator, IKeyManager dataProtectionKeys,
    IHostApplicationLifetime lifetime, ILogger<DatabaseMigrator> logger)
    : BackgroundService
{
    private static readonly ActivitySource s_activitySource = new("TaskQueue.MigrationService");

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var activity = s_activitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(stoppingToken);
            logger.LogInformation("{Outcome}", await migrator.MigrateAsync(db, stoppingToken));
            if (SharedDataProtection.EnsureKey(dataProtectionKeys, TimeProvider.System))
            {
                logger.LogInformation("Created the web app's first Data Protection key, shared by every web replica");
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogCritical(exception, "Migrating the database failed");
            Environment.ExitCode = 1;
        }

        lifetime.StopApplication();
    }
}
