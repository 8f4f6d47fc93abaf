using System.Text;
using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// A message taken from a queue. The body is copied out of the client's buffer, so it stays
// valid after the handler returns (the sink batches deliveries).
public sealed class DeliveredMessage(
    IChannel channel, string queue, ulong deliveryTag, bool redelivered, IReadOnlyBasicProperties properties, byte[] body)
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

    public ValueTask AckAsync(CancellationToken cancellationToken = default) =>
        Channel.BasicAckAsync(DeliveryTag, multiple: false, cancellationToken);

    // Back to the queue for another consumer, e.g. when a worker shuts down mid-task.
    public ValueTask RequeueAsync(CancellationToken cancellationToken = default) =>
        Channel.BasicNackAsync(DeliveryTag, multiple: false, requeue: true, cancellationToken);

    public OutgoingMessage ToDeadLetter(string reason)
    {
        var headers = new Dictionary<string, string>
        {
            [DeadLetterHeaders.Reason] = reason,
            [DeadLetterHeaders.OriginalQueue] = Queue,
            [DeadLetterHeaders.DeadLetteredAt] = DateTimeOffset.UtcNow.ToString("O"),
        };
        return new OutgoingMessage(Topology.DeadLetterExchange, Queue, Type ?? "unknown", Body, MessageId, Headers: headers);
    }
}
