using System.Text.Json;

namespace TaskQueue.Web.Apis;

// The body of POST /api/tasks. Everything is optional here so that a missing field is
// reported by name, not as an unreadable body. RunAt is text so that a malformed time is
// reported with the expected format (TaskStartValidator), as GraphQL reports it; Priority is
// text so that an unknown one is named with the accepted values.
public sealed record CreateTaskRequest(
    string? Type, string? Name, JsonElement? Input, int? MaxAttempts, int? TimeoutSeconds, string? RunAt = null, double? DelaySeconds = null,
    string? Priority = null);

public sealed record CreateTaskBatchRequest(IReadOnlyList<CreateTaskRequest?>? Tasks);

// BatchId names the batch as one unit (GET /api/batches/{batchId}).
public sealed record CreateTaskBatchResponse(IReadOnlyList<Guid> Ids, Guid BatchId);
