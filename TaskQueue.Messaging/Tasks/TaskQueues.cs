namespace TaskQueue.Messaging.Tasks;

// One quorum queue per priority, because RabbitMQ 3.10's quorum queues have no message
// priorities. Normal keeps the original names, so a broker from before priorities existed
// keeps its queued tasks and its retry queues unchanged.
public static class TaskQueues
{
    public static string QueueFor(TaskPriority priority) => priority switch
    {
        TaskPriority.Normal => Topology.TasksQueue,
        _ => $"{Topology.TasksQueue}.{Suffix(priority)}",
    };

    public static string RoutingKeyFor(TaskPriority priority) => priority switch
    {
        TaskPriority.Normal => Topology.TaskRoutingKey,
        _ => $"{Topology.TaskRoutingKey}.{Suffix(priority)}",
    };

    // A retry waits in a tier queue of its own priority, which returns it to the same priority's
    // queue when due: a high task's retry does not go to the back of the normal backlog.
    public static string RetryQueueFor(TimeSpan tier, TaskPriority priority) => priority switch
    {
        TaskPriority.Normal => RetryDelays.QueueName(tier),
        _ => $"{RetryDelays.QueueName(tier)}.{Suffix(priority)}",
    };

    // The priority a delivery has, from the queue it came from (retries keep it this way
    // without the message carrying it).
    public static TaskPriority PriorityOf(string queue) =>
        Enum.GetValues<TaskPriority>().FirstOrDefault(priority => QueueFor(priority) == queue, TaskPriority.Normal);

    private static string Suffix(TaskPriority priority) => priority.ToString().ToLowerInvariant();
}
