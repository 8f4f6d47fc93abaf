using System.Text.Json;

namespace TaskQueue.Messaging.Contracts;

// Carries StartedAt so a fast task needs no separate TaskStarted round trip.
public sealed record TaskFinished(
    Guid TaskId,
    int Attempt,
    string WorkerId,
    JsonElement Result,
    DateTimeOffset StartedAt,
    DateTimeOffset OccurredAt) : ITaskOutcome;
