namespace TaskQueue.Messaging;

public interface IMessagePublisher
{
    // Completes once the broker has confirmed the message (persisted, for a durable queue).
    // Retries through connection loss until the token is cancelled; an unroutable message throws.
    Task PublishAsync(OutgoingMessage message, CancellationToken cancellationToken);
}

public static class MessagePublisherExtensions
{
    public static Task PublishAsync<T>(this IMessagePublisher publisher, string exchange, string routingKey, T message,
        CancellationToken cancellationToken) where T : notnull =>
        publisher.PublishAsync(OutgoingMessage.Create(exchange, routingKey, message), cancellationToken);

    public static Task PublishEventAsync<T>(this IMessagePublisher publisher, T taskEvent, CancellationToken cancellationToken)
        where T : notnull =>
        publisher.PublishAsync(OutgoingMessage.Create(
            Topology.EventsExchange, Topology.EventRoutingKey(MessageSerializer.TypeName<T>()), taskEvent), cancellationToken);

    // Tells every web instance which tasks changed, so their live views reload them, and which
    // workflows had steps among them (null: may be any). A notification: not persisted, and
    // lost harmlessly if no one listens.
    public static Task AnnounceTasksChangedAsync(
        this IMessagePublisher publisher, IEnumerable<Guid> changed, IEnumerable<Guid>? workflowIds, CancellationToken cancellationToken) =>
        publisher.PublishAsync(OutgoingMessage.Create(Topology.UpdatesExchange, "",
                new Contracts.TasksChanged([.. changed], DateTimeOffset.UtcNow, workflowIds is null ? null : [.. workflowIds])).AsNotification(),
            cancellationToken);
}
