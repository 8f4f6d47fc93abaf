namespace TaskQueue.Data.Model;

// Stored and served as these names. Everything but Running is final.
public enum WorkflowStatus
{
    Running,
    Finished,
    Failed,
    Cancelled,
}
