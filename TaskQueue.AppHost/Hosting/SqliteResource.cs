namespace TaskQueue.AppHost.Hosting;

// A SQLite database file in the data dir, shared by the services that reference it. There is
// no server: "healthy" means the directory exists; the migration service creates the schema.
public sealed class SqliteResource(string name, string fileName) : Resource(name), IResourceWithConnectionString
{
    private string? _path;

    public string ConnectionString => $"Data Source={_path ?? throw new InvalidOperationException($"{Name} has not started")}";

    public override Task StartAsync(ResourceContext context, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(context.Options.DataDir);
        _path = Path.Combine(context.Options.DataDir, fileName);
        ReportHealthy();
        return Task.CompletedTask;
    }

    public override Task StopAsync() => Task.CompletedTask;

    public override IEnumerable<ResourceSnapshot> Snapshot() =>
        [new(Name, "SQLite", _path is null ? "Waiting" : "Running", null, _path, 0)];
}
