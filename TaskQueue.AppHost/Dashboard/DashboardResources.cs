using TaskQueue.AppHost.Hosting;

namespace TaskQueue.AppHost.Dashboard;

// The application's resources as the dashboard pages read them: the same rows as the
// console table, plus each process's environment and commands.
public sealed class DashboardResources(IReadOnlyList<Resource> resources, ResourceLogs logs)
{
    public ResourceLogs Logs => logs;

    public IReadOnlyList<ResourceSnapshot> Rows() => [.. resources.SelectMany(resource => resource.Snapshot())];

    public IResourceInstance? Instance(string name) =>
        resources.SelectMany(resource => resource.Instances()).FirstOrDefault(instance => instance.Name == name);

    // Names of everything that printed, AppHost first: the console logs view's choices.
    public IReadOnlyList<string> LogSources() =>
        [.. Rows().Select(row => row.Name).Prepend("apphost").Union(logs.Resources())];
}
