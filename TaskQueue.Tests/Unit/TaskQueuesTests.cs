using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Tests.Unit;

// The queue names are part of every broker's state: normal keeps the names from before
// priorities, and a delivery's queue tells its priority back.
public sealed class TaskQueuesTests
{
    [Theory]
    [InlineData(TaskPriority.High, "taskqueue.tasks.high", "task.high", "taskqueue.retry.5s.high")]
    [InlineData(TaskPriority.Normal, "taskqueue.tasks", "task", "taskqueue.retry.5s")]
    [InlineData(TaskPriority.Low, "taskqueue.tasks.low", "task.low", "taskqueue.retry.5s.low")]
    public void Each_priority_has_its_queue_routing_key_and_retry_queue(TaskPriority priority, string queue, string routingKey, string retryQueue)
    {
        Assert.Equal(queue, TaskQueues.QueueFor(priority));
        Assert.Equal(routingKey, TaskQueues.RoutingKeyFor(priority));
        Assert.Equal(retryQueue, TaskQueues.RetryQueueFor(TimeSpan.FromSeconds(5), priority));
        Assert.Equal(priority, TaskQueues.PriorityOf(queue));
    }

    [Fact]
    public void A_queue_that_is_no_tasks_queue_counts_as_normal() =>
        Assert.Equal(TaskPriority.Normal, TaskQueues.PriorityOf("taskqueue.sink"));
}
