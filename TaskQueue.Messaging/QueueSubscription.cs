using RabbitMQ.Client;
using RabbitMQ.Client.Exceptions;

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

    // Closing is a courtesy to the broker: when it fails because the connection is going too
    // (Ctrl+C stops the broker and the services at once; RabbitMQ.Client 7 then throws
    // ObjectDisposedException from the close's RPC), the connection's end closes the channel and
    // requeues its unacked messages anyway. A throw here would stop the host with an error.
    public async ValueTask DisposeAsync()
    {
        try
        {
            if (channel.IsOpen)
            {
                await channel.CloseAsync();
            }
        }
        catch (Exception exception) when (IsConnectionGoing(exception))
        {
        }

        try
        {
            await channel.DisposeAsync();
        }
        catch (Exception exception) when (IsConnectionGoing(exception))
        {
        }
    }

    private static bool IsConnectionGoing(Exception exception) =>
        exception is ObjectDisposedException or AlreadyClosedException or OperationInterruptedException or IOException;
}
