namespace TaskQueue.AppHost.Hosting;

public enum WaitKind
{
    // Start once the dependency's endpoints and connection details are known (a reference
    // needs them; Aspire allocates them before it starts anything).
    Allocated,

    // Start after the dependency reports healthy.
    Healthy,

    // Start after the dependency ran to completion with exit code 0.
    Completion,
}

// A named part of the distributed application. Subclasses know how to start and stop it;
// the orchestrator decides when, from the waits declared on it.
public abstract class Resource(string name)
{
    private readonly TaskCompletionSource _allocated = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _healthy = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _completed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Name { get; } = name;
    public List<(Resource Dependency, WaitKind Kind)> Waits { get; } = [];

    public Task Allocated => _allocated.Task;
    public Task Healthy => _healthy.Task;
    public Task Completed => _completed.Task;

    public abstract Task StartAsync(ResourceContext context, CancellationToken cancellationToken);
    public abstract Task StopAsync();

    // One row per process (or per resource without one) for the console table and state file.
    public abstract IEnumerable<ResourceSnapshot> Snapshot();

    // The processes behind the rows, for the dashboard: their environment and commands.
    public virtual IEnumerable<IResourceInstance> Instances() => [];

    protected void ReportAllocated() => _allocated.TrySetResult();

    protected void ReportHealthy()
    {
        _allocated.TrySetResult();
        _healthy.TrySetResult();
    }

    protected void ReportCompleted() => _completed.TrySetResult();
    protected void ReportFailed(Exception exception)
    {
        _allocated.TrySetException(exception);
        _healthy.TrySetException(exception);
        _completed.TrySetException(exception);
    }
}

public sealed record ResourceSnapshot(
    string Name, string Type, string State, int? Pid, string? Endpoint, int Restarts, DateTimeOffset? StartedAt = null);

public interface IResourceWithConnectionString
{
    string Name { get; }

    // Known once the resource is allocated (see WaitKind.Allocated).
    string ConnectionString { get; }
}

// What a starting resource may use from the AppHost. TelemetryEnvironment holds the OTEL_*
// variables every service gets (the dashboard's OTLP receiver, or the user's collector).
public sealed record ResourceContext(
    AppHostOptions Options, ConsoleReporter Console, string EnvironmentName, Action StateChanged,
    IReadOnlyDictionary<string, string> TelemetryEnvironment);
