using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TaskQueue.Data;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Data.Storage;
using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Security;
using Xunit.Abstractions;

namespace TaskQueue.Tests.Integration.PostgreSql;

// Web replicas start together and each seeds the admin account: the role, the account, its
// role membership and its API key are each made once, and no replica fails to start.
[Collection(PostgresCollection.Name)]
public sealed class ConcurrentAdminSeedingTests(PostgresFixture postgres, ITestOutputHelper output)
{
    private const int Replicas = 6;

    [Fact]
    public async Task Replicas_seeding_an_empty_database_at_once_all_start_and_make_one_admin()
    {
        var conflicts = 0;
        for (var round = 0; round < 3; round++)
        {
            var connectionString = await NewDatabaseAsync();
            conflicts += await SeedAtOnceAsync(connectionString, TestCredentials.AdminPassword);
            await AssertOneAdminAsync(connectionString, TestCredentials.AdminPassword);
        }

        output.WriteLine($"{conflicts} conflicts met and retried over 3 rounds of {Replicas} replicas");
    }

    [Fact]
    public async Task Replicas_resetting_a_changed_admin_password_at_once_all_start()
    {
        var connectionString = await NewDatabaseAsync();
        await SeedAtOnceAsync(connectionString, TestCredentials.AdminPassword);

        var conflicts = await SeedAtOnceAsync(connectionString, "Another-Admin-Passw0rd");

        await AssertOneAdminAsync(connectionString, "Another-Admin-Passw0rd");
        output.WriteLine($"{conflicts} conflicts met and retried");
    }

    // As the migration service leaves it: migrated, with the shared Data Protection key made.
    private async Task<string> NewDatabaseAsync()
    {
        await using var db = (await postgres.CreateDatabaseAsync()).CreateDbContext();
        var connectionString = db.Database.GetConnectionString()!;
        await using var services = ReplicaServices(connectionString, TestCredentials.AdminPassword, new ConflictCounter());
        Assert.True(SharedDataProtection.EnsureKey(services.GetRequiredService<IKeyManager>(), TimeProvider.System));
        return connectionString;
    }

    // Each replica has its own services and connection pool, as separate processes would; all
    // are built first and then released together. Returns how many conflicts were retried.
    private static async Task<int> SeedAtOnceAsync(string connectionString, string password)
    {
        var logs = new ConflictCounter();
        var replicas = Enumerable.Range(0, Replicas).Select(_ => ReplicaServices(connectionString, password, logs)).ToList();
        var go = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seeding = replicas.Select(async services =>
        {
            await go.Task;
            await ActivatorUtilities.CreateInstance<AdminAccountSeeder>(services).StartAsync(CancellationToken.None);
        }).ToList();
        go.SetResult();
        await Task.WhenAll(seeding);
        foreach (var services in replicas)
        {
            await services.DisposeAsync();
        }

        return logs.Count;
    }

    private static async Task AssertOneAdminAsync(string connectionString, string password)
    {
        await using var services = ReplicaServices(connectionString, password, new ConflictCounter());
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TasksDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();

        var admin = Assert.Single(await db.Users.ToListAsync());
        Assert.Single(await db.Roles.ToListAsync());
        Assert.True(await users.IsInRoleAsync(admin, Roles.Admin));
        Assert.True(await users.CheckPasswordAsync(admin, password));
        var activeKeys = await db.ApiKeys.Where(key => key.RevokedAt == null).ToListAsync();
        Assert.Equal(ApiKeySecret.Hash(TestCredentials.AdminApiKey), Assert.Single(activeKeys).Hash);
    }

    private static ServiceProvider ReplicaServices(string connectionString, string password, ConflictCounter logs)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(logs));
        services.AddPooledDbContextFactory<TasksDbContext>(options => options.UseTasksPostgreSql(connectionString));
        services.AddScoped(provider => provider.GetRequiredService<IDbContextFactory<TasksDbContext>>().CreateDbContext());
        services.AddSingleton<ITaskStore, PostgreSqlTaskStore>();
        services.AddSingleton(TimeProvider.System);
        services.AddSharedDataProtection();
        services.AddScoped<ApiKeyService>();
        services.AddIdentityCore<IdentityUser>(options => options.Password.RequireNonAlphanumeric = false)
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<TasksDbContext>()
            .AddDefaultTokenProviders();
        services.AddSingleton(Options.Create(new AdminOptions { Password = password, ApiKey = TestCredentials.AdminApiKey }));
        return services.BuildServiceProvider();
    }

    // Counts the seeder's "another replica seeded at the same time" lines.
    private sealed class ConflictCounter : ILoggerProvider, ILogger
    {
        private int _count;

        public int Count => _count;

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (formatter(state, exception).StartsWith("Another web replica seeded", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref _count);
            }
        }

        public void Dispose()
        {
        }
    }
}
