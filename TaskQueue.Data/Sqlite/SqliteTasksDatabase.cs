using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.Sqlite;

public static class SqliteTasksDatabase
{
    // SQLite's migrations live in their own assembly, as EF Core advises for one context on
    // several providers; the PostgreSQL ones in another.
    public const string MigrationsAssembly = "TaskQueue.Data.Migrations.Sqlite";

    // "Data Source=/path/tasks.db": the context's options (pragmas on every connection), the
    // cross-process write gate and the WAL checkpointer.
    public static IHostApplicationBuilder AddSqliteTasksDatabase(this IHostApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddPooledDbContextFactory<TasksDbContext>(options => options.UseTasksSqlite(connectionString));
        builder.Services.AddSingleton(_ => new DatabaseWriteGate(DatabasePath(connectionString)));
        builder.Services.AddSingleton<ITaskStore, SqliteTaskStore>();
        builder.Services.AddSingleton<ISchemaMigrator, SqliteSchemaMigrator>();
        builder.Services.AddHostedService(services => new WalCheckpointer(DatabasePath(connectionString),
            services.GetRequiredService<ILogger<WalCheckpointer>>()));
        return builder;
    }

    public static DbContextOptionsBuilder UseTasksSqlite(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseSqlite(connectionString, sqlite => sqlite.MigrationsAssembly(MigrationsAssembly))
            .AddInterceptors(new SqlitePragmas());

    public static DbContextOptionsBuilder<TasksDbContext> UseTasksSqlite(this DbContextOptionsBuilder<TasksDbContext> options, string connectionString) =>
        (DbContextOptionsBuilder<TasksDbContext>)((DbContextOptionsBuilder)options).UseTasksSqlite(connectionString);

    public static string DatabasePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
