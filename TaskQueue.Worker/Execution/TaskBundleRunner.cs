using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Execution;

// Runs a TaskQueuedBundle's orders as if each had come alone: each waits for a slot of the
// bundle's priority and reports its own outcome. The bundle is acked once every outcome is
// confirmed; should any report fail, or the worker stop, it returns to the queue.
// A bundle delivered again means a worker held it and died, perhaps killed by one of its
// tasks. It is split into single orders first (published and confirmed, then the bundle
// acked), so the queue's delivery limit counts each task alone and quarantines only a task
// that keeps killing workers. Orders that had finished run again: execution is at least once,
// and the sink takes the second outcome as the duplicate it is.
public sealed class TaskBundleRunner(TaskRunner runner, IMessagePublisher publisher, ILogger<TaskBundleRunner> logger)
{
    public async Task RunAsync(DeliveredMessage bundle, TaskPriority priority, PrioritySlots slots, CancellationToken stoppingToken)
    {
        var orders = bundle.Deserialize<TaskQueuedBundle>().Tasks;
        if (orders.Count == 0)
        {
            throw new MalformedMessageException("TaskQueuedBundle holds no tasks");
        }

        if (bundle.Redelivered)
        {
            await SplitAsync(bundle, orders, priority, stoppingToken);
            return;
        }

        await Task.WhenAll(orders.Select(order => RunOrderAsync(order, bundle, priority, slots, stoppingToken)));
        await bundle.AckAsync(stoppingToken);
    }

    private async Task RunOrderAsync(
        TaskQueued order, DeliveredMessage bundle, TaskPriority priority, PrioritySlots slots, CancellationToken stoppingToken)
    {
        // A bad order does not take its bundle's good ones down with it: it is dead-lettered alone.
        if (TaskRunner.ProblemWith(order) is { } problem)
        {
            logger.LogWarning("Dead-lettering an order of bundle {MessageId}: {Reason}", bundle.MessageId, problem);
            await publisher.PublishAsync(bundle.ToDeadLetter(problem, nameof(TaskQueued), MessageSerializer.Serialize(order)), stoppingToken);
            return;
        }

        using var slot = await slots.AcquireAsync(priority, stoppingToken);
        await runner.RunOrderOfBundleAsync(order, bundle, slot, stoppingToken);
    }

    private async Task SplitAsync(DeliveredMessage bundle, IReadOnlyList<TaskQueued> orders, TaskPriority priority, CancellationToken stoppingToken)
    {
        logger.LogInformation("Bundle {MessageId} of {Count} tasks was delivered again; splitting it into single tasks", bundle.MessageId, orders.Count);
        var routingKey = TaskQueues.RoutingKeyFor(priority);
        await Task.WhenAll(orders.Select(order =>
            publisher.PublishAsync(OutgoingMessage.Create(Topology.TasksExchange, routingKey, order), stoppingToken)));
        await bundle.AckAsync(stoppingToken);
    }
}
