using System.Text;
using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// A message taken from a queue. The body is copied out of the client's buffer, so it stays
// valid after the handler returns (the sink batches deliveries). On a channel whose acks are
// coalesced, every settlement goes through its ChannelAcks.
public sealed class DeliveredMessage(
    IChannel channel, string queue, ulong deliveryTag, bool redelivered, IReadOnlyBasicProperties properties, byte[] body,
    ChannelAcks? acks = null)
{
    public IChannel Channel { get; } = channel;
    public string Queue { get; } = queue;
    public ulong DeliveryTag { get; } = deliveryTag;
    public bool Redelivered { get; } = redelivered;
    public string? Type { get; } = properties.Type;
    public string? MessageId { get; } = properties.MessageId;
    public IDictionary<string, object?>? Headers { get; } = properties.Headers;
    public byte[] Body { get; } = body;

    // Quorum queues count how often a message was handed out before (0 on first delivery).
    public long DeliveryCount => Headers?.TryGetValue("x-delivery-count", out var count) == true
        ? Convert.ToInt64(count, System.Globalization.CultureInfo.InvariantCulture)
        : 0;

    public string? GetHeader(string name) =>
        Headers?.TryGetValue(name, out var value) == true
            ? value switch
            {
                byte[] bytes => Encoding.UTF8.GetString(bytes),
                string text => text,
                null => null,
                _ => value.ToString(),
            }
            : null;

    public T Deserialize<T>() => MessageSerializer.Deserialize<T>(Type, Body);

    public object Deserialize() => MessageSerializer.Deserialize(Type, Body);

    public ChannelAcks? Acks { get; } = acks;

    public async Task AckAsync(CancellationToken cancellationToken = default)
    {
        if (Acks is not null)
        {
            await Acks.AckAsync([DeliveryTag]);
            return;
        }

        await Channel.BasicAckAsync(DeliveryTag, multiple: false, cancellationToken);
    }

    // Acks many at once: on a coalescing channel with as few broker calls as is exact.
    public static async Task AckAllAsync(IReadOnlyCollection<DeliveredMessage> messages, CancellationToken cancellationToken = default)
    {
        foreach (var channel in messages.Where(message => message.Acks is not null).GroupBy(message => message.Acks!))
        {
            await channel.Key.AckAsync([.. channel.Select(message => message.DeliveryTag)]);
        }

        foreach (var message in messages.Where(message => message.Acks is null))
        {
            await message.AckAsync(cancellationToken);
        }
    }

    // Back to the queue for another consumer, e.g. when a worker shuts down mid-task.
    public async Task RequeueAsync(CancellationToken cancellationToken = default)
    {
        if (Acks is not null)
        {
            await Acks.RequeueAsync(DeliveryTag);
            return;
        }

        await Channel.BasicNackAsync(DeliveryTag, multiple: false, requeue: true, cancellationToken);
    }

    public OutgoingMessage ToDeadLetter(string reason) => ToDeadLetter(reason, Type ?? "unknown", Body);

    // A dead letter of part of this message (one order of a bundle), kept apart from the rest.
    public OutgoingMessage ToDeadLetter(string reason, string type, ReadOnlyMemory<byte> body)
    {
        var headers = new Dictionary<string, string>
        {
            [DeadLetterHeaders.Reason] = reason,
            [DeadLetterHeaders.OriginalQueue] = Queue,
            [DeadLetterHeaders.DeadLetteredAt] = DateTimeOffset.UtcNow.ToString("O"),
        };
        return new OutgoingMessage(Topology.DeadLetterExchange, Queue, type, body, MessageId, Headers: headers);
    }
}
