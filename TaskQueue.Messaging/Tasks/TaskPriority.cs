namespace TaskQueue.Messaging.Tasks;

// Which of the three task queues a task waits in (stored and served as these names). Workers
// take from all three, high most often (see the worker's PrioritySlots), so a high task does
// not wait behind a backlog of normal ones and low tasks still progress under load.
public enum TaskPriority
{
    High,
    Normal,
    Low,
}

public static class TaskPriorityExtensions
{
    // The API's spelling: high, normal, low.
    public static string ToName(this TaskPriority priority) => priority switch
    {
        TaskPriority.High => "high",
        TaskPriority.Low => "low",
        _ => "normal",
    };
}
