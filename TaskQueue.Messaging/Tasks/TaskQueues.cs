namespace TaskQueue.Messaging.Tasks;

// One quorum queue per priority, because RabbitMQ 3.10's quorum queues have no message
// priorities. Normal keeps the original names, so a broker from before priorities existed
// keeps its queued tasks and its retry queues unchanged. Names are made once: every task
// published and every outcome reported looks one up.
public static class TaskQueues
{
    private static readonly TaskPriority[] s_priorities = Enum.GetValues<TaskPriority>();
    private static readonly string[] s_queues = s_priorities.Select(priority => Named(Topology.TasksQueue, priority)).ToArray();
    private static readonly string[] s_routingKeys = s_priorities.Select(priority => Named(Topology.TaskRoutingKey, priority)).ToArray();

    public static string QueueFor(TaskPriority priority) => s_queues[(int)priority];

    public static string RoutingKeyFor(TaskPriority priority) => s_routingKeys[(int)priority];

    // A retry waits in a tier queue of its own priority, which returns it to the same priority's
    // queue when due: a high task's retry does not go to the back of the normal backlog.
    public static string RetryQueueFor(TimeSpan tier, TaskPriority priority) => Named(RetryDelays.QueueName(tier), priority);

    // The priority a delivery has, from the queue it came from (retries keep it this way
    // without the message carrying it).
    public static TaskPriority PriorityOf(string queue)
    {
        var index = Array.IndexOf(s_queues, queue);
        return index < 0 ? TaskPriority.Normal : s_priorities[index];
    }

    private static string Named(string name, TaskPriority priority) =>
        priority == TaskPriority.Normal ? name : $"{name}.{priority.ToString().ToLowerInvariant()}";
}
