using System.Text.Json;
using System.Text.Json.Serialization;

namespace TaskQueue.Messaging.Contracts;

// The work order a worker receives. FinalAttempt is the last attempt this run may use,
// so a manual retry can grant a fresh budget without the worker reading the database.
// Context is what a workflow step gets from the steps before it ({"previous": …} in a chain,
// {"results": […]} for a chord's callback); absent for other tasks, whose messages stay as
// they were before workflows existed.
public sealed record TaskQueued(
    Guid TaskId,
    string Type,
    JsonElement Input,
    int Attempt,
    int FinalAttempt,
    int TimeoutSeconds,
    DateTimeOffset OccurredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Context = null);
