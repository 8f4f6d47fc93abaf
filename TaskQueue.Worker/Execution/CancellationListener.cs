using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Worker.Execution;

// Hears every cancellation the web app broadcasts and records it for this worker.
public sealed class CancellationListener(QueueConsumerFactory consumers, CancellationRegistry registry, ILogger<CancellationListener> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var subscription = await consumers.SubscribeAsync(Topology.CancellationsExchange, (message, _) =>
        {
            var request = message.Deserialize<TaskCancellationRequested>();
            logger.LogInformation("Cancellation requested for task {TaskId}", request.TaskId);
            registry.Cancel(request.TaskId);
            return Task.CompletedTask;
        }, stoppingToken);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
