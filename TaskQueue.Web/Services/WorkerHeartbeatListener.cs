using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

public sealed class WorkerHeartbeatListener(QueueConsumerFactory consumers, WorkerRegistry registry) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var subscription = await consumers.SubscribeAsync(Topology.HeartbeatsExchange, (message, _) =>
        {
            registry.Record(message.Deserialize<WorkerHeartbeat>());
            return Task.CompletedTask;
        }, stoppingToken);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
