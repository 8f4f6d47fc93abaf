using System.Threading.Channels;

namespace TaskQueue.Sink.Events;

// Hands deliveries from the consumers to the single batch loop, in arrival order. Bounded
// by the consumers' prefetch, so it never grows without limit.
public sealed class PendingEvents
{
    private readonly Channel<PendingEvent> _channel = Channel.CreateUnbounded<PendingEvent>(
        new UnboundedChannelOptions { SingleReader = true });

    public ValueTask AddAsync(PendingEvent pending, CancellationToken cancellationToken) =>
        _channel.Writer.WriteAsync(pending, cancellationToken);

    public ChannelReader<PendingEvent> Reader => _channel.Reader;
}
