using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Workflows;

// A validated request for a workflow: its steps in order and, for a chord, the callback.
public sealed record NewWorkflow(string Name, WorkflowKind Kind, IReadOnlyList<NewTask> Tasks, NewTask? Callback);
