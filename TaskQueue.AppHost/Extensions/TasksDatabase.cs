using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// The database the web app, the sink and the migrations share, whichever kind was chosen, and
// its engine as the services are told it (TaskQueue__Database).
public sealed record TasksDatabase(IResourceBuilder<IResourceWithConnectionString> Resource, string Engine, bool IsServer);

public static class TasksDatabaseExtensions
{
    // SQLite: a file under the data dir. PostgreSQL, in the broker's order: a server of the
    // user's (ConnectionStrings:NAME); Aspire's PostgreSQL container where a container engine
    // answers; else a private node of Debian's PostgreSQL 15.
    public static TasksDatabase AddTasksDatabase(this IDistributedApplicationBuilder builder, string name, AppHostOptions options)
    {
        if (options.Database == "sqlite")
        {
            return new(builder.AddSqliteDatabase(name, options.DataDir, "tasks.db"), "sqlite", IsServer: false);
        }

        var configured = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(name));
        string message;
        IResourceBuilder<IResourceWithConnectionString> resource;
        if (configured)
        {
            resource = builder.AddConnectionString(name);
            message = $"{name}: using the existing PostgreSQL server from the connection string because ConnectionStrings:{name} is set.";
        }
        else if (ContainerRuntime.Answers())
        {
            // Written for machines with a container engine; none runs here, so this branch has not
            // been run on these machines (the local node below is what runs here).
            resource = builder.AddPostgres("postgres").WithDataVolume().AddDatabase(name);
            message = $"{name}: using Aspire's PostgreSQL container because the container runtime '{ContainerRuntime.Name}' answers.";
        }
        else
        {
            resource = builder.AddLocalPostgres("postgres", name, options.DataDir);
            message = $"{name}: using a local PostgreSQL node (Debian's PostgreSQL 15) because there is no ConnectionStrings:{name} "
                + $"and no container runtime ('{ContainerRuntime.Name} info' does not answer).";
        }

        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TaskQueue.AppHost").LogInformation("{Message}", message);
            return Task.CompletedTask;
        });
        return new(resource, "postgres", IsServer: true);
    }

    // The connection string under the database's name, the engine, and for a server a wait for
    // it to be healthy (a SQLite file needs no wait).
    public static IResourceBuilder<T> WithTasksDatabase<T>(this IResourceBuilder<T> service, TasksDatabase database)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        service.WithReference(database.Resource, connectionName: "tasksdb")
            .WithEnvironment("TaskQueue__Database", database.Engine);
        return database.IsServer ? service.WaitFor(database.Resource) : service;
    }
}
