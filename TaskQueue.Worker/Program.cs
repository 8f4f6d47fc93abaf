using TaskQueue.Worker.Extensions;

// Workers never open the database: they take tasks from RabbitMQ and publish what happened.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
