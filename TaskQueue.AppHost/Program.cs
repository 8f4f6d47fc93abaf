using TaskQueue.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);
var options = AppHostOptions.Read(builder.Configuration);
builder.UseDashboardPort(options.DashboardPort);

// The web app's admin account and its API key (for scripts, and the dashboard's commands),
// generated on the first run and printed once unless given.
var adminPassword = builder.AddPersistentParameter("admin-password", options.DataDir,
    AdminCredentials.GeneratePassword, AdminCredentials.ValidatePassword, announcement: "sign in to the web app as admin");
var adminKey = builder.AddPersistentParameter("admin-key", options.DataDir,
    AdminCredentials.GenerateApiKey, AdminCredentials.ValidateApiKey, announcement: "the admin's API key: Authorization: Bearer KEY");

// An existing broker, Aspire's RabbitMQ container, or a local node or cluster (see MessagingBroker).
var messaging = builder.AddMessaging("messaging", options.DataDir, options.BrokerNodes);
// A SQLite file, or with --database postgres a PostgreSQL server: the user's, Aspire's
// container, or a local node (see TasksDatabase).
var tasksdb = builder.AddTasksDatabase("tasksdb", options);

// Applies EF Core migrations once, before the web app and the sink open the database.
var migrations = builder.AddProject<Projects.TaskQueue_MigrationService>("migrations", launchProfileName: null)
    .RunBuildOutput()
    .WithTasksDatabase(tasksdb);

// Browsers and API clients reach the web app on --port: the one copy directly, or with
// --web-replicas N the copies behind DCP's proxy (see WithWebEndpoint).
var web = builder.AddProject<Projects.TaskQueue_Web>("web", launchProfileName: null)
    .WithWebEndpoint(options)
    .WithExternalHttpEndpoints()
    .WithMessaging(messaging)
    .WithTasksDatabase(tasksdb).WaitForCompletion(migrations)
    .WithEnvironment("Admin__Password", adminPassword)
    .WithEnvironment("Admin__ApiKey", adminKey)
    .WithEnvironment("Admin__PasswordHint", AdminCredentials.PasswordHint(options.DataDir))
    .WithTaskQueuePageUrls()
    .AsTaskQueueService(options);
web.WithManagementApi(messaging);

// With --sinks N (PostgreSQL only) the copies compete on the sink queue; row locks and the
// attempt fence keep what they record the same as one sink would.
builder.AddProject<Projects.TaskQueue_Sink>("sink", launchProfileName: null)
    .WithHttpEndpoint()
    .WithMessaging(messaging)
    .WithTasksDatabase(tasksdb).WaitForCompletion(migrations)
    .WithReplicas(options.Sinks)
    .WithHotCodeOnlyRecompiled()
    .AsTaskQueueService(options);

// Workers never open the database: they take tasks from the broker and report outcomes.
if (options.Workers > 0)
{
    builder.AddProject<Projects.TaskQueue_Worker>("worker", launchProfileName: null)
        .WithHttpEndpoint()
        .WithMessaging(messaging)
        .WithEnvironment("Worker__FailureRate", options.FailureRate.ToString(System.Globalization.CultureInfo.InvariantCulture))
        // Workers' metrics reach the dashboard every 5 s rather than Aspire's 1 s while developing:
        // an idle worker's memory is a target (bench/), and each export costs it some.
        .WithEnvironment("OTEL_METRIC_EXPORT_INTERVAL", "5000")
        .WithHotCodeOnlyRecompiled()
        .WithReplicas(options.Workers)
        .AsTaskQueueService(options);
}

messaging.Resource.WithDeadLetterCommands(web, adminKey);
builder.AnnounceReadyAt($"http://localhost:{options.Port}");
builder.Build().Run();
