namespace TaskQueue.AppHost.Hosting;

// AddProject<T>(name): a .NET service launched from its build output, in one or more
// replicas. With an HTTP endpoint and a health check it is a long-running service whose
// replicas are restarted when they die; without one it runs to completion (a migrator).
public sealed class ProjectResource(string name, IProjectMetadata project) : Resource(name)
{
    private readonly List<ProjectReplica> _replicas = [];
    private readonly Lock _lock = new();

    public IProjectMetadata Project { get; } = project;
    public int ReplicaCount { get; set; } = 1;
    public bool HasHttpEndpoint { get; set; }
    public int? HttpPort { get; set; }
    public bool IsExternal { get; set; }
    public string? HealthCheckPath { get; set; }
    public Dictionary<string, Func<string>> Environment { get; } = new(StringComparer.Ordinal);

    public bool RunsToCompletion => !HasHttpEndpoint;
    public IReadOnlyList<ProjectReplica> Replicas => _replicas;

    // The first replica's URL, as Aspire publishes it to referencing services.
    public string? PrimaryUrl => _replicas.FirstOrDefault()?.Url;

    public void AssignEndpoints()
    {
        lock (_lock)
        {
            AssignEndpointsOnce();
        }
    }

    private void AssignEndpointsOnce()
    {
        if (_replicas.Count > 0)
        {
            return;
        }

        for (var index = 1; index <= ReplicaCount; index++)
        {
            var replicaName = ReplicaCount == 1 ? Name : $"{Name}-{index}";
            var port = HasHttpEndpoint ? (index == 1 && HttpPort is { } fixedPort ? fixedPort : FreePort.Next()) : (int?)null;
            _replicas.Add(new ProjectReplica(this, replicaName, port));
        }
    }

    public override async Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        if (!File.Exists(Project.TargetPath))
        {
            var exception = new InvalidOperationException($"{Project.TargetPath} does not exist; build the solution first (dotnet build).");
            ReportFailed(exception);
            throw exception;
        }

        AssignEndpoints();
        try
        {
            await Task.WhenAll(_replicas.Select(replica => replica.StartAsync(context, cancellationToken)));
            if (RunsToCompletion)
            {
                ReportCompleted();
            }

            ReportHealthy();
        }
        catch (Exception exception)
        {
            ReportFailed(exception);
            throw;
        }
    }

    public override Task StopAsync() => Task.WhenAll(_replicas.Select(replica => replica.StopAsync()));

    public override IEnumerable<IResourceInstance> Instances() => _replicas;

    public override IEnumerable<ResourceSnapshot> Snapshot() =>
        _replicas.Count == 0
            ? [new(Name, "Project", "Waiting", null, null, 0)]
            : _replicas.Select(replica => replica.Snapshot());
}
