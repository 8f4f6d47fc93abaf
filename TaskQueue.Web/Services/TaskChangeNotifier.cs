namespace TaskQueue.Web.Services;

// In-process fan-out of "these tasks changed" to every live circuit. Fed by the sink's
// announcements and by this app's own writes; components re-read the database.
public sealed class TaskChangeNotifier
{
    public event Action<IReadOnlyCollection<Guid>>? Changed;

    // Raised only for changes that may have moved a workflow on: the workflow advancer's pass
    // reads the database, and at thousands of plain tasks a second waking it for each of their
    // changes cost the web app a tenth of its CPU.
    public event Action? WorkflowStepsChanged;

    // workflowIds: the workflows with steps among the tasks; empty when none are steps, null
    // when the caller cannot tell (then a workflow may have moved).
    public void Notify(IReadOnlyCollection<Guid> taskIds, IReadOnlyCollection<Guid>? workflowIds = null)
    {
        if (taskIds.Count == 0)
        {
            return;
        }

        Changed?.Invoke(taskIds);
        if (workflowIds is not { Count: 0 })
        {
            WorkflowStepsChanged?.Invoke();
        }
    }
}
