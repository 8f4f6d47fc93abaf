using System.Text.Json;

namespace TaskQueue.Messaging.Contracts;

// The work order a worker receives. FinalAttempt is the last attempt this run may use,
// so a manual retry can grant a fresh budget without the worker reading the database.
public sealed record TaskQueued(
    Guid TaskId,
    string Type,
    JsonElement Input,
    int Attempt,
    int FinalAttempt,
    int TimeoutSeconds,
    DateTimeOffset OccurredAt);
