using System.Text.Json;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Handlers;

// Returns its input at once: the cheapest task, for tests and benchmarks.
public sealed class EchoHandler : ITaskHandler
{
    public string Type => TaskTypes.Echo;

    public Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken) =>
        Task.FromResult(TaskInput.Parse<EchoInput>(Type, context.Input).Value.Clone());
}
