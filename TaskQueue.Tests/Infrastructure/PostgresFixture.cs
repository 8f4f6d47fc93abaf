using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using TaskQueue.Data;
using TaskQueue.Data.PostgreSql;

namespace TaskQueue.Tests.Infrastructure;

// One private PostgreSQL node for the whole test run; each test gets a database of its own,
// copied from one migrated once (CREATE DATABASE … TEMPLATE), so no test pays for migrating.
public sealed class PostgresFixture : IAsyncLifetime
{
    private const string Template = "tasks_template";

    private readonly TestDirectory _directory = new("postgres");
    private PostgresNode? _node;

    public PostgresNode Node => _node ?? throw new InvalidOperationException("PostgreSQL has not started.");

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        _node = await PostgresNode.StartAsync(_directory.Path, timeout.Token);
        var template = await _node.CreateDatabaseAsync(Template);
        await using (var db = new TasksDbContext(Options(template)))
        {
            await db.Database.MigrateAsync(timeout.Token);
        }

        // A template must have no open connections when it is copied.
        Npgsql.NpgsqlConnection.ClearAllPools();
    }

    // A migrated database of its own for one test, and contexts on it.
    public async Task<PooledDbContextFactory<TasksDbContext>> CreateDatabaseAsync() =>
        new(Options(await Node.CreateDatabaseAsync($"t_{Guid.NewGuid():N}", Template)));

    public static DbContextOptions<TasksDbContext> Options(string connectionString) =>
        new DbContextOptionsBuilder<TasksDbContext>().UseTasksPostgreSql(connectionString).Options;

    public async Task DisposeAsync()
    {
        if (_node is not null)
        {
            await _node.DisposeAsync();
        }

        _directory.Dispose();
    }
}

[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresFixture>
{
    public const string Name = "postgres";
}
