using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskQueue.Data.PostgreSql;
using TaskQueue.Data.Sqlite;

namespace TaskQueue.Data;

public static class DataExtensions
{
    // Reads ConnectionStrings:{connectionName} as an Aspire AppHost injects it for the
    // referenced database. Registers a pooled factory (for background loops), a scoped context
    // (for requests and circuits), and the engine's ITaskStore: the one place the engine matters.
    public static IHostApplicationBuilder AddTasksDbContext(this IHostApplicationBuilder builder, string connectionName = "tasksdb")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the service through TaskQueue.AppHost, or set ConnectionStrings__{connectionName}=\"Data Source=/path/tasks.db\".");

        switch (DatabaseEngines.Read(builder.Configuration, connectionString))
        {
            case DatabaseEngine.PostgreSql:
                builder.AddPostgreSqlTasksDatabase(connectionString);
                break;
            default:
                builder.AddSqliteTasksDatabase(connectionString);
                break;
        }

        builder.Services.AddScoped(services => services.GetRequiredService<Microsoft.EntityFrameworkCore.IDbContextFactory<TasksDbContext>>().CreateDbContext());
        return builder;
    }
}
