using Microsoft.Extensions.Options;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Execution;

// Runs a TaskQueuedBundle's orders as if each had come alone: each waits for a slot of the
// bundle's priority and reports its own outcome. The bundle is acked once every order is
// settled; should any report fail, or the worker stop, it returns to the queue.
// A bundle delivered again means a worker held it and died, perhaps killed by one of its
// tasks. It is split into single orders first (published and confirmed, then the bundle
// acked), so the queue's delivery limit counts each task alone and quarantines only a task
// that keeps killing workers. Orders that had finished run again: execution is at least once,
// and the sink takes the second outcome as the duplicate it is.
// Orders still without a slot Worker:BundleWaitLimitSeconds after the bundle arrived go back
// to the queue alone, the same way: a backlog of long tasks must not stay with the workers
// that took it first while others, added to drain it, sit idle.
public sealed class TaskBundleRunner(
    TaskRunner runner, OutcomeBatcher outcomes, IMessagePublisher publisher, IOptions<WorkerOptions> options, ILogger<TaskBundleRunner> logger)
{
    private readonly TimeSpan _waitLimit = options.Value.BundleWaitLimitSeconds > 0
        ? TimeSpan.FromSeconds(options.Value.BundleWaitLimitSeconds)
        : Timeout.InfiniteTimeSpan;

    public async Task RunAsync(DeliveredMessage bundle, TaskPriority priority, PrioritySlots slots, CancellationToken stoppingToken)
    {
        var orders = bundle.Deserialize<TaskQueuedBundle>().Tasks;
        if (orders.Count == 0)
        {
            throw new MalformedMessageException("TaskQueuedBundle holds no tasks");
        }

        if (bundle.Redelivered)
        {
            logger.LogInformation("Bundle {MessageId} of {Count} tasks was delivered again; splitting it into single tasks", bundle.MessageId, orders.Count);
            await Task.WhenAll(orders.Select(order => HandBackAsync(order, priority, stoppingToken)));
            await bundle.AckAsync(stoppingToken);
            return;
        }

        // One timer for the bundle, not one per order.
        using var slotWait = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        slotWait.CancelAfter(_waitLimit);
        var handedBack = await Task.WhenAll(orders.Select(order => RunOrderAsync(order, bundle, priority, slots, slotWait.Token, stoppingToken)));
        if (handedBack.Count(back => back) is > 0 and var count)
        {
            logger.LogInformation("{Count} tasks of bundle {MessageId} had no slot after {Seconds} s; they went back to the queue alone",
                count, bundle.MessageId, _waitLimit.TotalSeconds);
        }

        await bundle.AckAsync(stoppingToken);
    }

    // True when the order went back to the queue instead of running here.
    private async Task<bool> RunOrderAsync(
        TaskQueued order, DeliveredMessage bundle, TaskPriority priority, PrioritySlots slots, CancellationToken slotWait, CancellationToken stoppingToken)
    {
        // A bad order does not take its bundle's good ones down with it: it is dead-lettered alone.
        if (TaskRunner.ProblemWith(order) is { } problem)
        {
            logger.LogWarning("Dead-lettering an order of bundle {MessageId}: {Reason}", bundle.MessageId, problem);
            await publisher.PublishAsync(bundle.ToDeadLetter(problem, nameof(TaskQueued), MessageSerializer.Serialize(order)), stoppingToken);
            return false;
        }

        // An order waiting for a slot counts as running for the batcher, which waits a moment for
        // its outcome too; the runner counts it from the moment it has its slot.
        var waiting = outcomes.TrackRunning();
        PrioritySlots.Slot? slot = null;
        try
        {
            slot = await slots.AcquireAsync(priority, slotWait);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            if (slot is null)
            {
                waiting.Dispose();
            }
        }

        if (slot is null)
        {
            await HandBackAsync(order, priority, stoppingToken);
            return true;
        }

        using (slot)
        {
            var run = runner.RunOrderOfBundleAsync(order, bundle, slot, stoppingToken);
            waiting.Dispose();
            await run;
        }

        return false;
    }

    // Published alone and confirmed before the bundle is acked: a crash in between delivers the
    // bundle again, never loses the order.
    private Task HandBackAsync(TaskQueued order, TaskPriority priority, CancellationToken stoppingToken) =>
        publisher.PublishAsync(OutgoingMessage.Create(Topology.TasksExchange, TaskQueues.RoutingKeyFor(priority), order), stoppingToken);
}
