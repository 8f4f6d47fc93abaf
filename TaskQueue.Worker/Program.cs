using TaskQueue.Worker.Extensions;

// Workers never open the database: they take tasks from RabbitMQ and publish what happened.
// A generic host, not a web application: the worker serves no HTTP but its health probes
// (see HealthProbeListener).
var builder = Host.CreateApplicationBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

builder.Build().Run();
