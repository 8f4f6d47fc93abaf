using Microsoft.Extensions.Options;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services;

// OutboxBundles at the configured size, for the workers alive now: what the API writes for a
// request's orders, and what the dispatcher publishes for rows written one per task.
public sealed class OutboxBundler(IOptions<OutboxOptions> options, WorkerRegistry workers)
{
    private readonly int _tasksPerMessage = Math.Max(1, options.Value.TasksPerMessage);

    public IEnumerable<OutboxBundles.Part> Pack(IReadOnlyList<OutboxMessage> rows) =>
        OutboxBundles.Pack(rows, _tasksPerMessage, workers.AliveCount());

    public List<OutboxMessage> PackRows(IReadOnlyList<OutboxMessage> rows) =>
        OutboxBundles.PackRows(rows, _tasksPerMessage, workers.AliveCount());
}
