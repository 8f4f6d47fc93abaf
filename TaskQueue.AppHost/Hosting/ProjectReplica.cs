using System.Diagnostics;

namespace TaskQueue.AppHost.Hosting;

// One process of a project resource, supervised: if it exits while nobody asked it to stop,
// it is restarted with exponential backoff and the restart is counted. Stop, start and
// restart also come from the dashboard; a replica stopped there stays down until started.
public sealed class ProjectReplica(ProjectResource resource, string name, int? port) : IResourceInstance
{
    private static readonly HttpClient s_probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromSeconds(60);

    private readonly SemaphoreSlim _commands = new(1, 1);
    private ManagedProcess? _process;
    private ResourceContext? _context;
    private CancellationToken _shutdown;
    // Cancelled when the process is stopped on purpose; each start gets a fresh one, so a
    // supervisor that outlives its process can never restart it.
    private CancellationTokenSource _supervision = new();
    private IReadOnlyDictionary<string, string> _environment = new Dictionary<string, string>();
    private string _state = "Waiting";
    private int _restarts;
    private DateTimeOffset? _startedAt;

    public string Name { get; } = name;
    public int? Port { get; } = port;
    public string? Url => Port is { } p ? $"http://{(resource.IsExternal ? "localhost" : "127.0.0.1")}:{p}" : null;
    public IReadOnlyDictionary<string, string> Environment => _environment;
    public bool AcceptsCommands => !resource.RunsToCompletion && _context is not null;

    public async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        _context = context;
        _shutdown = cancellationToken;
        _environment = BuildEnvironment(context);
        Launch();
        if (resource.RunsToCompletion)
        {
            var exitCode = await _process!.Exited.WaitAsync(cancellationToken);
            SetState(exitCode == 0 ? "Finished" : $"Exited ({exitCode})");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{Name} exited with code {exitCode}; see its output above.");
            }

            return;
        }

        var supervision = BeginSupervision();
        await WaitUntilHealthyAsync(supervision);
        SetState("Running");
    }

    public async Task ExecuteAsync(ResourceCommand command)
    {
        if (!AcceptsCommands)
        {
            throw new InvalidOperationException($"{Name} does not accept commands.");
        }

        await _commands.WaitAsync(_shutdown);
        try
        {
            switch (command)
            {
                case ResourceCommand.Stop:
                    await StopProcessAsync("Stopped");
                    break;
                case ResourceCommand.Start when _process is not { HasExited: false }:
                    StartByUser();
                    break;
                case ResourceCommand.Restart:
                    await StopProcessAsync("Restarting");
                    _restarts++;
                    StartByUser();
                    break;
            }
        }
        finally
        {
            _commands.Release();
        }
    }

    private void StartByUser()
    {
        Launch();
        var supervision = BeginSupervision();
        _ = MarkRunningWhenHealthyAsync(supervision);
    }

    private void Launch()
    {
        var context = _context!;
        _process = ManagedProcess.Start(DotNetHost.Path, ["exec", resource.Project.TargetPath],
            Path.GetDirectoryName(resource.Project.ProjectPath)!, _environment, line => context.Console.Log(Name, line));
        _startedAt = DateTimeOffset.UtcNow;
        context.Console.Info($"{Name}: started (pid {_process.Pid}){(Url is null ? "" : $" at {Url}")}");
        SetState("Starting");
    }

    private CancellationToken BeginSupervision()
    {
        // The previous source is cancelled by now; its supervisor only ever reads that flag.
        _supervision.Dispose();
        _supervision = CancellationTokenSource.CreateLinkedTokenSource(_shutdown);
        var token = _supervision.Token;
        _ = SuperviseAsync(token);
        return token;
    }

    private async Task SuperviseAsync(CancellationToken supervision)
    {
        var consecutiveFailures = 0;
        while (true)
        {
            var startedAt = Stopwatch.GetTimestamp();
            var exitCode = await _process!.Exited;
            if (supervision.IsCancellationRequested)
            {
                return;
            }

            consecutiveFailures = Stopwatch.GetElapsedTime(startedAt) > s_stableAfter ? 1 : consecutiveFailures + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(s_maxBackoff.TotalSeconds, Math.Pow(2, consecutiveFailures - 1)));
            _restarts++;
            SetState("Restarting");
            _context!.Console.Info($"{Name}: exited unexpectedly with code {exitCode}; restarting in {backoff.TotalSeconds:0} s (restart #{_restarts})");
            try
            {
                await Task.Delay(backoff, supervision);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Launch();
            _ = MarkRunningWhenHealthyAsync(supervision);
        }
    }

    private async Task MarkRunningWhenHealthyAsync(CancellationToken supervision)
    {
        try
        {
            await WaitUntilHealthyAsync(supervision);
            SetState("Running");
        }
        catch (Exception) when (supervision.IsCancellationRequested)
        {
        }
        catch (InvalidOperationException)
        {
            // Exited again before it became healthy: the supervisor loop handles it.
        }
    }

    private async Task WaitUntilHealthyAsync(CancellationToken cancellationToken)
    {
        var process = _process!;
        if (resource.HealthCheckPath is null || Url is null)
        {
            return;
        }

        var healthUrl = Url + resource.HealthCheckPath;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited with code {await process.Exited} before it became healthy.");
            }

            try
            {
                using var response = await s_probe.GetAsync(healthUrl, cancellationToken);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }

            await Task.Delay(150, cancellationToken);
        }
    }

    // Exactly the variables an Aspire AppHost injects, plus single-line console logs so the
    // prefixed console stays readable.
    private Dictionary<string, string> BuildEnvironment(ResourceContext context)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["DOTNET_ENVIRONMENT"] = context.EnvironmentName,
            ["ASPNETCORE_ENVIRONMENT"] = context.EnvironmentName,
            ["OTEL_SERVICE_NAME"] = resource.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={Name}",
            ["Logging__Console__FormatterName"] = "simple",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
        };

        foreach (var (key, value) in context.TelemetryEnvironment)
        {
            environment[key] = value;
        }

        if (Url is not null)
        {
            environment["ASPNETCORE_URLS"] = resource.IsExternal ? $"http://localhost:{Port}" : Url;
        }

        foreach (var (key, value) in resource.Environment)
        {
            environment[key] = value();
        }

        return environment;
    }

    private void SetState(string state)
    {
        _state = state;
        _context?.StateChanged();
    }

    private async Task StopProcessAsync(string state)
    {
        await _supervision.CancelAsync();
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(6));
        }

        SetState(state);
    }

    public async Task StopAsync()
    {
        await _supervision.CancelAsync();
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(6));
            // No StateChanged here: the AppHost writes the state file once everything has stopped.
            _state = process.HasExited ? "Stopped" : "Killed";
        }
    }

    public ResourceSnapshot Snapshot() =>
        new(Name, "Project", _state, _process?.Pid, Url, _restarts, _process is { HasExited: false } ? _startedAt : null);
}
