using System.Runtime.InteropServices;
using System.Text.Json;
using TaskQueue.AppHost.Dashboard;

namespace TaskQueue.AppHost.Hosting;

// Starts every resource once its waits are satisfied, prints the resource table and the
// Ready line when all are healthy, and on SIGINT/SIGTERM stops them in reverse order
// (services before the broker) and exits 0.
public sealed class DistributedApplication
{
    private readonly IReadOnlyList<Resource> _resources;
    private readonly AppHostOptions _options;
    private readonly string _environmentName;
    private readonly ConsoleReporter _console = new();
    private readonly Lock _stateLock = new();
    private DashboardSettings? _dashboard;

    internal DistributedApplication(IReadOnlyList<Resource> resources, AppHostOptions options, string environmentName)
    {
        _resources = resources;
        _options = options;
        _environmentName = environmentName;
    }

    public static DistributedApplicationBuilder CreateBuilder(string[] args)
    {
        try
        {
            return new DistributedApplicationBuilder(args);
        }
        catch (AppHostOptionsException exception)
        {
            Console.Error.WriteLine($"error: {exception.Message}");
            Environment.Exit(2);
            throw;
        }
    }

    public string StateFilePath => Path.Combine(_options.DataDir, "apphost-state.json");

    public void Run() => Environment.ExitCode = RunAsync().GetAwaiter().GetResult();

    public async Task<int> RunAsync()
    {
        if (_resources.OfType<RabbitMQServerResource>().Any(r => r.NeedsLocalNode)
            && RabbitMqNode.FindServerScript(Environment.GetEnvironmentVariable("PATH")) is null)
        {
            _console.Error(RabbitMqNode.InstallHint);
            return 2;
        }

        Directory.CreateDirectory(_options.DataDir);
        using var dataDirLock = DataDirLock.TryAcquire(_options.DataDir);
        if (dataDirLock is null)
        {
            _console.Error($"{_options.DataDir} is in use by another TaskQueue AppHost; stop it or choose another --data-dir.");
            return 2;
        }

        await LeftoverProcesses.StopAsync(StateFilePath, _options.DataDir, _console);

        using var shutdown = new CancellationTokenSource();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            shutdown.Cancel();
        }

        foreach (var resource in _resources)
        {
            foreach (var row in resource.Snapshot())
            {
                _console.Register(row.Name);
            }

            _console.Register(resource.Name);
        }

        _dashboard = new DashboardSettings(
            _options.DashboardPort == 0 ? FreePort.Next() : _options.DashboardPort,
            _options.DashboardToken ?? LoginToken.NewRandom(),
            LoginToken.NewRandom(),
            AppContext.BaseDirectory);
        await using var dashboard = AppHostDashboard.Create(_dashboard, _resources, _console.Logs);

        _console.Info($"starting {_resources.Count} resources; data in {_options.DataDir}");
        var context = new ResourceContext(_options, _console, _environmentName, WriteStateFile, TelemetryEnvironment(dashboard));
        var starts = _resources.Select(resource => StartWhenReadyAsync(resource, context, shutdown.Token)).ToList();

        var exitCode = 0;
        try
        {
            // In parallel with the broker's boot, which is what Ready waits for.
            await dashboard.StartAsync(shutdown.Token);
            _console.Announce($"Dashboard: {_dashboard.LoginUrl}");
            await Task.WhenAll(starts).WaitAsync(shutdown.Token);
            WriteStateFile();
            PrintTable();
            _console.Announce($"Ready: http://localhost:{_options.Port}");
            await Task.Delay(Timeout.Infinite, shutdown.Token);
        }
        catch (OperationCanceledException) when (shutdown.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            _console.Error(exception is AggregateException aggregate ? aggregate.InnerExceptions[0].Message : exception.Message);
            exitCode = exception is RabbitMqNotInstalledException ? 2 : 1;
        }

        await StopAllAsync();
        return exitCode;
    }

    // Services export to the dashboard, unless the user pointed them at a collector of their
    // own with OTEL_EXPORTER_OTLP_ENDPOINT: then that one is kept (the children inherit the
    // rest of the user's OTEL_* variables) and the dashboard shows no traces or metrics.
    // Every trace is kept by default, as under Aspire; at thousands of tasks a second tracing
    // each one costs about a quarter of the throughput (measured by the bench), so
    // --trace-sampling keeps a share of the traces instead, decided at the root and followed
    // by every service (the standard OTEL_TRACES_SAMPLER variables).
    private IReadOnlyDictionary<string, string> TelemetryEnvironment(AppHostDashboard dashboard)
    {
        var environment = System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } userEndpoint
            ? new Dictionary<string, string> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = userEndpoint }
            : new Dictionary<string, string>(dashboard.TelemetryEnvironment);
        if (_options.TraceSampling < 1)
        {
            environment["OTEL_TRACES_SAMPLER"] = "parentbased_traceidratio";
            environment["OTEL_TRACES_SAMPLER_ARG"] = _options.TraceSampling.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        return environment;
    }

    private async Task StartWhenReadyAsync(Resource resource, ResourceContext context, CancellationToken cancellationToken)
    {
        foreach (var (dependency, kind) in resource.Waits)
        {
            await (kind switch
            {
                WaitKind.Allocated => dependency.Allocated,
                WaitKind.Healthy => dependency.Healthy,
                _ => dependency.Completed,
            }).WaitAsync(cancellationToken);
        }

        await resource.StartAsync(context, cancellationToken);
    }

    private async Task StopAllAsync()
    {
        _console.Info("stopping");
        // Dependents first: every project, then what they depend on (the broker last).
        await Task.WhenAll(_resources.OfType<ProjectResource>().Select(resource => resource.StopAsync()));
        foreach (var resource in _resources.Where(resource => resource is not ProjectResource).Reverse())
        {
            await resource.StopAsync();
        }

        WriteStateFile();
        _console.Info("stopped");
    }

    private void PrintTable()
    {
        var rows = _resources.SelectMany(resource => resource.Snapshot()).ToList();
        var nameWidth = Math.Max(8, rows.Max(row => row.Name.Length));
        _console.Announce($"{"RESOURCE".PadRight(nameWidth)}  {"TYPE",-8}  {"STATE",-10}  {"PID",7}  {"RESTARTS",8}  ENDPOINT");
        foreach (var row in rows)
        {
            _console.Announce($"{row.Name.PadRight(nameWidth)}  {row.Type,-8}  {row.State,-10}  {row.Pid?.ToString() ?? "-",7}  {row.Restarts,8}  {row.Endpoint ?? "-"}");
        }
    }

    // A machine-readable copy of the table for scripts and tests: resources, PIDs, restarts,
    // and the dashboard's login link (so the file is readable by its owner only).
    private void WriteStateFile()
    {
        lock (_stateLock)
        {
            var state = new
            {
                appHostPid = System.Environment.ProcessId,
                url = $"http://localhost:{_options.Port}",
                dashboard = _dashboard is null ? null : new { url = _dashboard.Url, loginUrl = _dashboard.LoginUrl },
                resources = _resources.SelectMany(resource => resource.Snapshot()),
            };
            var temporary = StateFilePath + ".tmp";
            RabbitMqCredentials.WriteOwnerOnly(temporary, JsonSerializer.Serialize(state, new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true }));
            File.Move(temporary, StateFilePath, overwrite: true);
        }
    }
}
