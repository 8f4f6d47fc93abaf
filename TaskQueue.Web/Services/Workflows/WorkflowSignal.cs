namespace TaskQueue.Web.Services.Workflows;

// Wakes the WorkflowAdvancer when tasks change (a step may have ended), rather than at its
// next poll.
public sealed class WorkflowSignal : WakeUpSignal;
