using System.Diagnostics;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Services;

// Outbox rows for what the web app announces: a task to run, a cancellation to record and
// to broadcast to every worker.
internal static class TaskMessages
{
    public static OutboxMessage Queued(TaskItem task, int finalAttempt, DateTimeOffset now)
    {
        using var input = JsonDocument.Parse(task.Input);
        return Queued(task, input.RootElement, finalAttempt, now);
    }

    public static OutboxMessage Queued(TaskItem task, JsonElement input, int finalAttempt, DateTimeOffset now)
    {
        // A workflow step carries what it was released with on every run, retries included.
        using var context = task.WorkflowInput is null ? null : JsonDocument.Parse(task.WorkflowInput);
        var message = new TaskQueued(task.Id, task.Type, input, task.Attempt, finalAttempt, task.TimeoutSeconds, now, context?.RootElement);
        return ToOutbox(Topology.TasksExchange, TaskQueues.RoutingKeyFor(task.Priority), message, now);
    }

    public static IEnumerable<OutboxMessage> CancellationRequested(TaskItem task, DateTimeOffset now)
    {
        var request = new TaskCancellationRequested(task.Id, task.Attempt, now);
        yield return ToOutbox(Topology.EventsExchange, Topology.EventRoutingKey(nameof(TaskCancellationRequested)), request, now);
        yield return ToOutbox(Topology.CancellationsExchange, "", request, now);
    }

    private static OutboxMessage ToOutbox<T>(string exchange, string routingKey, T message, DateTimeOffset now) where T : notnull => new()
    {
        Exchange = exchange,
        RoutingKey = routingKey,
        Type = MessageSerializer.TypeName<T>(),
        Body = MessageSerializer.Serialize(message),
        MessageId = Guid.NewGuid().ToString("N"),
        TraceParent = Activity.Current?.Id,
        CreatedAt = now,
    };
}
