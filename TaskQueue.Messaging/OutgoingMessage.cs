namespace TaskQueue.Messaging;

// A message ready to publish. The outbox stores exactly these fields, so a row can be
// published long after the request that wrote it, in that request's trace.
public sealed record OutgoingMessage(
    string Exchange,
    string RoutingKey,
    string Type,
    ReadOnlyMemory<byte> Body,
    string? MessageId = null,
    string? TraceParent = null,
    TimeSpan? Expiration = null,
    IReadOnlyDictionary<string, string>? Headers = null,
    bool Persistent = true,
    bool Mandatory = true)
{
    // A notification (live updates, heartbeats, cancellation broadcasts) that nobody is
    // listening for is fine to drop: transient, and not returned as unroutable.
    public OutgoingMessage AsNotification() => this with { Persistent = false, Mandatory = false };

    public static OutgoingMessage Create<T>(string exchange, string routingKey, T message, string? messageId = null) where T : notnull =>
        new(exchange, routingKey, MessageSerializer.TypeName<T>(), MessageSerializer.Serialize(message), messageId);
}
