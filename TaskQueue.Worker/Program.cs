using TaskQueue.Worker.Extensions;

// Workers never open the database: they take tasks from RabbitMQ and publish what happened.
// A generic host, not a web application: the worker serves no HTTP but its health probes
// (see HealthProbeListener).
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    // Its settings come from the environment the AppHost gives it, read at start; watching
    // appsettings.json for edits would only keep a file watcher in every idle worker.
    Configuration = NewConfiguration(),
});

builder.AddServiceDefaults();
builder.AddApplicationServices();

builder.Build().Run();

static ConfigurationManager NewConfiguration()
{
    var configuration = new ConfigurationManager();
    configuration.AddInMemoryCollection([new("hostBuilder:reloadConfigOnChange", "false")]);
    return configuration;
}
