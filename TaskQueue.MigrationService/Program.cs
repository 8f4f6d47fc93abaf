using TaskQueue.Data;
using TaskQueue.MigrationService;

var builder = Host.CreateApplicationBuilder(args);
builder.AddServiceDefaults();
builder.AddTasksDbContext();
builder.Services.AddSharedDataProtection();
builder.Services.AddHostedService<DatabaseMigrator>();

builder.Build().Run();
