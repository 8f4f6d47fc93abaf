using System.Diagnostics;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Storage;

namespace TaskQueue.MigrationService;

// Runs once per AppHost start, before any service opens the database, so migrations are
// never raced by several processes. Exits 0 when the schema is current. It migrates while the
// host is starting, before any hosted service's StartAsync: Data Protection's own hosted
// service reads the key ring from the database when it starts, and on a new database that read
// would fail (and log an error) were the tables not there yet.
public sealed class DatabaseMigrator(
    IDbContextFactory<TasksDbContext> contextFactory, ISchemaMigrator migrator, IKeyManager dataProtectionKeys,
    IHostApplicationLifetime lifetime, ILogger<DatabaseMigrator> logger)
    : IHostedLifecycleService
{
    private static readonly ActivitySource s_activitySource = new("TaskQueue.MigrationService");

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        using var activity = s_activitySource.StartActivity("Migrating database", ActivityKind.Client);
        try
        {
            await using var db = await contextFactory.CreateDbContextAsync(cancellationToken);
            logger.LogInformation("{Outcome}", await migrator.MigrateAsync(db, cancellationToken));
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
    }

    // Done: the service exits once the host has started.
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        lifetime.StopApplication();
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
