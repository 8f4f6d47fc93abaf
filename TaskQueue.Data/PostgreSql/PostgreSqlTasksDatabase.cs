using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskQueue.Data.Storage;

namespace TaskQueue.Data.PostgreSql;

public static class PostgreSqlTasksDatabase
{
    public const string MigrationsAssembly = "TaskQueue.Data.Migrations.PostgreSql";

    // "Host=…;Database=tasksdb": a pooled context factory (the background loops need one, which
    // AddNpgsqlDbContext does not register), enriched by Aspire's Npgsql EF integration with its
    // health check, tracing and metrics. Its retrying execution strategy is off: the sink and the
    // web app retry whole units of work themselves, and it refuses user-started transactions.
    public static IHostApplicationBuilder AddPostgreSqlTasksDatabase(this IHostApplicationBuilder builder, string connectionString)
    {
        builder.Services.AddPooledDbContextFactory<TasksDbContext>(options => options.UseTasksPostgreSql(connectionString));
        builder.EnrichNpgsqlDbContext<TasksDbContext>(settings => settings.DisableRetry = true);
        builder.Services.AddSingleton<ITaskStore, PostgreSqlTaskStore>();
        builder.Services.AddSingleton<ISchemaMigrator, PostgreSqlSchemaMigrator>();
        return builder;
    }

    public static DbContextOptionsBuilder UseTasksPostgreSql(this DbContextOptionsBuilder options, string connectionString) =>
        options.UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly(MigrationsAssembly));

    public static DbContextOptionsBuilder<TasksDbContext> UseTasksPostgreSql(this DbContextOptionsBuilder<TasksDbContext> options, string connectionString) =>
        (DbContextOptionsBuilder<TasksDbContext>)((DbContextOptionsBuilder)options).UseTasksPostgreSql(connectionString);
}
