using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Worker.Execution;

// Hears every cancellation the web app broadcasts and records it for this worker.
public sealed class CancellationListener(QueueConsumerFactory consumers, CancellationRegistry registry, ILogger<CancellationListener> logger)
    : FanoutListener<TaskCancellationRequested>(consumers, Topology.CancellationsExchange)
{
    protected override void Handle(TaskCancellationRequested message)
    {
        logger.LogInformation("Cancellation requested for task {TaskId}", message.TaskId);
        registry.Cancel(message.TaskId, message.Attempt);
    }
}
