using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskQueue.Data;

public static class DataExtensions
{
    // Reads ConnectionStrings:{connectionName} ("Data Source=/path/tasks.db"), as an Aspire
    // AppHost injects it for a referenced SQLite resource. Registers a pooled factory (for
    // background loops) and a scoped context (for requests and circuits).
    public static IHostApplicationBuilder AddTasksDbContext(this IHostApplicationBuilder builder, string connectionName = "tasksdb")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the service through TaskQueue.AppHost, or set ConnectionStrings__{connectionName}=\"Data Source=/path/tasks.db\".");

        builder.Services.AddPooledDbContextFactory<TasksDbContext>(options => options
            .UseSqlite(connectionString)
            .AddInterceptors(new SqlitePragmas()));
        builder.Services.AddScoped(services => services.GetRequiredService<IDbContextFactory<TasksDbContext>>().CreateDbContext());
        builder.Services.AddSingleton(_ => new DatabaseWriteGate(DatabasePath(connectionString)));
        builder.Services.AddHostedService(services => new WalCheckpointer(DatabasePath(connectionString),
            services.GetRequiredService<ILogger<WalCheckpointer>>()));
        return builder;
    }

    public static string DatabasePath(string connectionString) => new SqliteConnectionStringBuilder(connectionString).DataSource;
}
