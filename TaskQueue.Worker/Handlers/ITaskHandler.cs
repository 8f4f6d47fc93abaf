using System.Text.Json;

namespace TaskQueue.Worker.Handlers;

// One task type. Adding a type is one class implementing this, registered in Extensions.
public interface ITaskHandler
{
    string Type { get; }

    // Returns the result as JSON; throws TaskFailedException with a reason a user can read.
    Task<JsonElement> ExecuteAsync(TaskContext context, CancellationToken cancellationToken);
}

// WorkflowContext: what a workflow step gets from earlier steps (TaskQueued.Context), if any.
public sealed record TaskContext(
    Guid TaskId, int Attempt, JsonElement Input, TimeSpan Timeout, IProgress<double> Progress, JsonElement? WorkflowContext = null);
