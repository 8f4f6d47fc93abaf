using TaskQueue.Sink.Extensions;

// The only writer of outcomes: applies lifecycle events to the database in batches.
var builder = WebApplication.CreateSlimBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();

var app = builder.Build();

app.MapDefaultEndpoints();

app.Run();
