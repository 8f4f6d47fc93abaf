using System.Diagnostics;

namespace TaskQueue.AppHost.Hosting;

// One process of a project resource, supervised: if it exits while the AppHost is not
// stopping, it is restarted with exponential backoff and the restart is counted.
public sealed class ProjectReplica(ProjectResource resource, string name, int? port)
{
    private static readonly HttpClient s_probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private static readonly TimeSpan s_maxBackoff = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan s_stableAfter = TimeSpan.FromSeconds(60);

    private ManagedProcess? _process;
    private volatile bool _stopping;
    private string _state = "Waiting";
    private int _restarts;

    public string Name { get; } = name;
    public int? Port { get; } = port;
    public string? Url => Port is { } p ? $"http://{(resource.IsExternal ? "localhost" : "127.0.0.1")}:{p}" : null;

    public async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        var environment = BuildEnvironment(context);
        Launch(context, environment);
        if (resource.RunsToCompletion)
        {
            var exitCode = await _process!.Exited.WaitAsync(cancellationToken);
            SetState(context, exitCode == 0 ? "Finished" : $"Exited ({exitCode})");
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"{Name} exited with code {exitCode}; see its output above.");
            }

            return;
        }

        _ = SuperviseAsync(context, environment, cancellationToken);
        await WaitUntilHealthyAsync(cancellationToken);
        SetState(context, "Running");
    }

    private void Launch(ResourceContext context, IReadOnlyDictionary<string, string> environment)
    {
        var dotnet = DotNetHost.Path;
        _process = ManagedProcess.Start(dotnet, ["exec", resource.Project.TargetPath],
            Path.GetDirectoryName(resource.Project.ProjectPath)!, environment, line => context.Console.Log(Name, line));
        context.Console.Info($"{Name}: started (pid {_process.Pid}){(Url is null ? "" : $" at {Url}")}");
        SetState(context, "Starting");
    }

    private async Task SuperviseAsync(ResourceContext context, IReadOnlyDictionary<string, string> environment, CancellationToken cancellationToken)
    {
        var consecutiveFailures = 0;
        while (!_stopping && !cancellationToken.IsCancellationRequested)
        {
            var startedAt = Stopwatch.GetTimestamp();
            var exitCode = await _process!.Exited;
            if (_stopping)
            {
                return;
            }

            consecutiveFailures = Stopwatch.GetElapsedTime(startedAt) > s_stableAfter ? 1 : consecutiveFailures + 1;
            var backoff = TimeSpan.FromSeconds(Math.Min(s_maxBackoff.TotalSeconds, Math.Pow(2, consecutiveFailures - 1)));
            _restarts++;
            SetState(context, "Restarting");
            context.Console.Info($"{Name}: exited unexpectedly with code {exitCode}; restarting in {backoff.TotalSeconds:0} s (restart #{_restarts})");
            try
            {
                await Task.Delay(backoff, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (_stopping)
            {
                return;
            }

            Launch(context, environment);
            _ = MarkRunningWhenHealthyAsync(context, cancellationToken);
        }
    }

    private async Task MarkRunningWhenHealthyAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        try
        {
            await WaitUntilHealthyAsync(cancellationToken);
            SetState(context, "Running");
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested || _stopping)
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

        if (System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT") is { Length: > 0 } otlp)
        {
            environment["OTEL_EXPORTER_OTLP_ENDPOINT"] = otlp;
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

    private void SetState(ResourceContext context, string state)
    {
        _state = state;
        context.StateChanged();
    }

    public async Task StopAsync()
    {
        _stopping = true;
        if (_process is { } process)
        {
            await process.StopAsync(TimeSpan.FromSeconds(6));
            // No StateChanged here: the AppHost writes the state file once everything has stopped.
            _state = process.HasExited ? "Stopped" : "Killed";
        }
    }

    public ResourceSnapshot Snapshot() => new(Name, "Project", _state, _process?.Pid, Url, _restarts);
}
