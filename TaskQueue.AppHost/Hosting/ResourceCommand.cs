namespace TaskQueue.AppHost.Hosting;

// What a user may ask of one process from the dashboard.
public enum ResourceCommand
{
    Stop,
    Start,
    Restart,
}

// One process of a resource as the dashboard sees it: the environment it was started with,
// and the commands it accepts. A stopped process stays stopped (no supervised restart) until
// it is started again.
public interface IResourceInstance
{
    string Name { get; }
    IReadOnlyDictionary<string, string> Environment { get; }
    bool AcceptsCommands { get; }
    Task ExecuteAsync(ResourceCommand command);
}
