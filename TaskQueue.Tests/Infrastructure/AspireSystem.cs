using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Testing;

namespace TaskQueue.Tests.Infrastructure;

// The whole system started by the real AppHost inside the test process, through
// Aspire.Hosting.Testing: the same Program.cs, DCP and resources as `dotnet run`, without the
// dashboard. Readiness and replica state come from Aspire's resource notifications.
public sealed class AspireSystem : IAsyncDisposable
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(3);

    private const string RestartLogCategory = "TaskQueue.AppHost.Extensions.UnexpectedExitRestarter";

    private readonly DistributedApplication _app;

    private AspireSystem(DistributedApplication app, string dataDir, int workers)
    {
        _app = app;
        DataDir = dataDir;
        Workers = workers;
        WebAddress = app.GetEndpoint("web", "http");
        Api = TestCredentials.Client(WebAddress);
    }

    public string DataDir { get; }
    public int Workers { get; }
    public Uri WebAddress { get; }
    public HttpClient Api { get; }
    public string DatabasePath => Path.Combine(DataDir, "tasks.db");
    public ResourceNotificationService Notifications => _app.ResourceNotifications;
    public ResourceCommandService Commands => _app.ResourceCommands;

    // What the AppHost's restart policy logged, as an operator reads it in the AppHost's console.
    public FakeLogCollector RestartLog => _app.Services.GetFakeLogCollector();

    public static async Task<AspireSystem> StartAsync(string dataDir, int workers, params string[] extraArguments)
    {
        using var timeout = new CancellationTokenSource(s_startTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.TaskQueue_AppHost>(
            ["--workers", $"{workers}", "--data-dir", dataDir, "--port", $"{FreePort.Next()}", "--failure-rate", "0",
                .. TestCredentials.AppHostArguments, .. extraArguments],
            timeout.Token);
        builder.Services.AddFakeLogging(options => options.FilteredCategories.Add(RestartLogCategory));
        // The testing builder gives up on a resource the moment it exits (StopOnResourceUnavailable),
        // so one crash at start failed a whole collection. `dotnet run` with the dashboard waits,
        // and the AppHost's restart policy starts the replica again: tests run the system the way
        // users do. The start timeout still bounds the wait, and restarts are reported.
        builder.Services.Configure<ResourceNotificationServiceOptions>(options => options.DefaultWaitBehavior = WaitBehavior.WaitOnResourceUnavailable);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            var system = new AspireSystem(app, dataDir, workers);
            await system.WaitUntilUpAsync(timeout.Token);
            return system;
        }
        catch (Exception failure)
        {
            var report = await AspireStartReport.DescribeAsync(app);
            await app.DisposeAsync();
            throw new InvalidOperationException(
                $"The system did not come up. What its resources were doing:\n{report}Why the wait ended: {failure.GetType().Name}: {failure.Message}", failure);
        }
    }

    // A collection fixture's start failing fails every test of its collection, for a cause that
    // is rarely theirs. So a fixture gets a second start, in a fresh data directory, when the
    // first fails. The first failure's report is handed to the fixture to show (as an xUnit
    // diagnostic message), never dropped, and if the second start fails too both reports go
    // into its error.
    public static async Task<AspireSystem> StartForFixtureAsync(string dataDir, int workers, Action<string> showFailedStart)
    {
        string firstFailure;
        try
        {
            return ReportRestarts(await StartAsync(dataDir, workers), showFailedStart);
        }
        catch (Exception failure)
        {
            firstFailure = failure.Message;
            showFailedStart($"The first start of a test system failed and it is started once more: {firstFailure}");
        }

        var secondDataDir = Directory.CreateDirectory(Path.Combine(dataDir, "second-start")).FullName;
        try
        {
            return ReportRestarts(await StartAsync(secondDataDir, workers), showFailedStart);
        }
        catch (Exception failure)
        {
            throw new InvalidOperationException($"{failure.Message}\nThe first start had failed too: {firstFailure}", failure);
        }
    }

    // A replica that exited while the system was coming up was started again by the AppHost;
    // the system works, and why it exited is still worth seeing.
    private static AspireSystem ReportRestarts(AspireSystem system, Action<string> show)
    {
        var restarts = system.RestartLog.GetSnapshot();
        if (restarts.Count > 0)
        {
            show($"A test system came up after {restarts.Count} restart(s):\n" + string.Join("\n", restarts.Select(record => record.Message)));
        }

        return system;
    }

    public async Task WaitUntilUpAsync(CancellationToken cancellationToken)
    {
        await Notifications.WaitForResourceAsync("migrations", KnownResourceStates.Finished, cancellationToken);
        await Notifications.WaitForResourceHealthyAsync("messaging", cancellationToken);
        await Notifications.WaitForResourceHealthyAsync("web", cancellationToken);
        await Notifications.WaitForResourceHealthyAsync("sink", cancellationToken);
        if (Workers > 0)
        {
            await WaitForReplicasAsync("worker", replicas => replicas.Count(IsHealthy) == Workers, cancellationToken);
        }
    }

    public ValueTask<string?> GetConnectionStringAsync(string resource) => _app.GetConnectionStringAsync(resource);

    // A replica's console output as the dashboard shows it, without its colours.
    public async Task<IReadOnlyList<string>> ConsoleAsync(string resourceId, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        await foreach (var line in AspireStartReport.ConsoleLinesAsync(_app, resourceId, cancellationToken))
        {
            lines.Add(line);
        }

        return lines;
    }

    // The warnings and errors each replica of a resource has logged.
    public Task<string> ProblemsAsync(string resource) => AspireStartReport.ProblemsAsync(_app, resource);

    // Every replica of a resource by id, as the latest notifications describe them, once the
    // condition holds for them.
    public async Task<IReadOnlyDictionary<string, CustomResourceSnapshot>> WaitForReplicasAsync(
        string resource, Func<IReadOnlyCollection<CustomResourceSnapshot>, bool> condition, CancellationToken cancellationToken)
    {
        var replicas = new Dictionary<string, CustomResourceSnapshot>();
        await foreach (var update in Notifications.WatchAsync(cancellationToken))
        {
            if (update.Resource.Name != resource)
            {
                continue;
            }

            replicas[update.ResourceId] = update.Snapshot;
            if (condition(replicas.Values))
            {
                return replicas;
            }
        }

        throw new OperationCanceledException(cancellationToken);
    }

    public static bool IsHealthy(CustomResourceSnapshot snapshot) =>
        snapshot.State?.Text == KnownResourceStates.Running && snapshot.HealthStatus == HealthStatus.Healthy;

    public static int? Pid(CustomResourceSnapshot snapshot) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == "executable.pid")?.Value is { } value
            ? Convert.ToInt32(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    public static object? Property(CustomResourceSnapshot snapshot, string name) =>
        snapshot.Properties.FirstOrDefault(property => property.Name == name)?.Value;

    // How often the AppHost's restart policy has started this replica again.
    public static int Restarts(CustomResourceSnapshot snapshot) =>
        Convert.ToInt32(Property(snapshot, "Restarts") ?? 0, System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Api.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
        SqliteConnectionPoolCleaner.ClearAll();
    }
}
