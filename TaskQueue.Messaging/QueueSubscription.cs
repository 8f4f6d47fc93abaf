using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// A running consumer. StopAsync stops new deliveries; disposing closes the channel, which
// returns every unacked message to its queue.
public sealed class QueueSubscription(IChannel channel, string consumerTag, string queue) : IAsyncDisposable
{
    public string Queue { get; } = queue;

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (channel.IsOpen)
        {
            await channel.BasicCancelAsync(consumerTag, cancellationToken: cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (channel.IsOpen)
        {
            await channel.CloseAsync();
        }

        await channel.DisposeAsync();
    }
}
