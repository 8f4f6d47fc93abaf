namespace TaskQueue.Web.Apis;

// The body of POST /api/workflows. Everything is optional here so that a missing field is
// reported by name. Kind is "chain", "group" or "chord"; a chord also has a callback.
public sealed record CreateWorkflowRequest(string? Name, string? Kind, IReadOnlyList<CreateTaskRequest?>? Tasks, CreateTaskRequest? Callback = null);

public sealed record CreateWorkflowResponse(Guid Id, IReadOnlyList<Guid> TaskIds);
