using Microsoft.Extensions.Hosting;

namespace TaskQueue.Messaging;

// Listens for one kind of notification on a fanout exchange for as long as the host runs,
// through a private queue of this process (see QueueConsumerFactory.SubscribeAsync).
public abstract class FanoutListener<TMessage>(QueueConsumerFactory consumers, string exchange) : BackgroundService
{
    protected abstract void Handle(TMessage message);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var subscription = await consumers.SubscribeAsync(exchange, (message, _) =>
        {
            Handle(message.Deserialize<TMessage>());
            return Task.CompletedTask;
        }, stoppingToken);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }
}
