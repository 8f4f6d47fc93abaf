using TaskQueue.AppHost.Hosting;

var builder = DistributedApplication.CreateBuilder(args);
var options = builder.Options;

// The web app's admin account, and optionally an API key for it (for scripts and tools).
var adminPassword = builder.AddParameter("admin-password", secret: true,
    generate: AdminCredentials.GeneratePassword, validate: AdminCredentials.ValidatePassword,
    description: "sign in to the web app as admin");
var adminKey = builder.AddParameter("admin-key", secret: true, validate: AdminCredentials.ValidateApiKey);

// The services do not WaitFor the broker: each connects when it comes up (and reports
// unhealthy until then), so their start-up overlaps the broker's ~7 s boot instead of
// following it. Ready still means every service is connected.
var messaging = builder.AddRabbitMQ("messaging");
var tasksdb = builder.AddSqlite("tasksdb", databaseFileName: "tasks.db");

// Applies EF Core migrations once, before any service opens the database.
var migrations = builder.AddProject<Projects.TaskQueue_MigrationService>("migrations")
    .WithReference(tasksdb);

var web = builder.AddProject<Projects.TaskQueue_Web>("web")
    .WithHttpEndpoint(port: options.Port)
    .WithExternalHttpEndpoints();

var sink = builder.AddProject<Projects.TaskQueue_Sink>("sink")
    .WithReference(messaging)
    .WithReference(tasksdb)
    .WithReference(web)
    .WithHttpHealthCheck("/health")
    .WaitForCompletion(migrations);

builder.AddProject<Projects.TaskQueue_Worker>("worker")
    .WithReference(messaging)
    .WithReference(web)
    .WithEnvironment("Worker__FailureRate", options.FailureRate)
    .WithReplicas(options.Workers)
    .WithHttpHealthCheck("/health");

web.WithReference(messaging)
    .WithReference(messaging.GetEndpoint("management"))
    .WithReference(tasksdb)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WaitForCompletion(migrations);

builder.Build().Run();
