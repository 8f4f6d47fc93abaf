using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Web.Services;

// Each web instance has its own auto-delete queue on the updates fanout, so every instance
// hears every change the sink commits.
public sealed class TaskUpdatesListener(QueueConsumerFactory consumers, TaskChangeNotifier notifier) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var subscription = await consumers.SubscribeAsync(Topology.UpdatesExchange, (message, _) =>
        {
            notifier.Notify(message.Deserialize<TasksChanged>().TaskIds.ToList());
            return Task.CompletedTask;
        }, stoppingToken);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
