namespace TaskQueue.Worker.Handlers;

public sealed class TaskHandlerRegistry(IEnumerable<ITaskHandler> handlers)
{
    private readonly Dictionary<string, ITaskHandler> _handlers = handlers.ToDictionary(handler => handler.Type, StringComparer.Ordinal);

    public ITaskHandler? Find(string type) => _handlers.GetValueOrDefault(type);

    public IReadOnlyCollection<string> Types => _handlers.Keys;
}
