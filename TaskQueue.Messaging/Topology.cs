using RabbitMQ.Client;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Messaging;

// Every exchange and queue the system uses, declared idempotently by whichever service
// connects first. Durable queues are quorum queues: they survive broker restarts, count
// deliveries (x-delivery-count) and dead-letter a message redelivered past a limit.
public static class Topology
{
    public const string TasksExchange = "taskqueue.tasks";
    public const string TasksQueue = "taskqueue.tasks";
    public const string TaskRoutingKey = "task";

    public const string EventsExchange = "taskqueue.events";
    public const string SinkQueue = "taskqueue.sink";

    public const string UpdatesExchange = "taskqueue.updates";
    public const string CancellationsExchange = "taskqueue.cancellations";
    public const string HeartbeatsExchange = "taskqueue.heartbeats";

    public const string DeadLetterExchange = "taskqueue.dead-letters";
    public const string DeadLetterQueue = "taskqueue.dead-letters";
    public const string SinkDeadLetterQueue = "taskqueue.sink.dead-letters";

    // A message handed out this many times without an ack (its worker died each time) is
    // quarantined rather than allowed to crash workers forever.
    public const int DeliveryLimit = 5;

    public static async Task DeclareAsync(IChannel channel, CancellationToken cancellationToken = default)
    {
        await channel.ExchangeDeclareAsync(DeadLetterExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await DeclareDurableQueueAsync(channel, DeadLetterQueue, DeadLetterExchange, "", deadLettered: false, cancellationToken);
        await DeclareDurableQueueAsync(channel, SinkDeadLetterQueue, DeadLetterExchange, "", deadLettered: false, cancellationToken);

        await channel.ExchangeDeclareAsync(TasksExchange, ExchangeType.Direct, durable: true, cancellationToken: cancellationToken);
        foreach (var priority in Enum.GetValues<TaskPriority>())
        {
            await DeclareDurableQueueAsync(
                channel, TaskQueues.QueueFor(priority), TasksExchange, TaskQueues.RoutingKeyFor(priority), deadLettered: true, cancellationToken);
        }

        await channel.ExchangeDeclareAsync(EventsExchange, ExchangeType.Topic, durable: true, cancellationToken: cancellationToken);
        await DeclareDurableQueueAsync(channel, SinkQueue, EventsExchange, "task.#", deadLettered: true, cancellationToken);

        await channel.ExchangeDeclareAsync(UpdatesExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(CancellationsExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);
        await channel.ExchangeDeclareAsync(HeartbeatsExchange, ExchangeType.Fanout, durable: true, cancellationToken: cancellationToken);

        foreach (var (tier, priority) in RetryDelays.Tiers.SelectMany(tier => Enum.GetValues<TaskPriority>().Select(priority => (tier, priority))))
        {
            await channel.QueueDeclareAsync(TaskQueues.RetryQueueFor(tier, priority), durable: true, exclusive: false, autoDelete: false,
                arguments: new Dictionary<string, object?>(AtLeastOnceDeadLettering)
                {
                    ["x-queue-type"] = "quorum",
                    ["x-dead-letter-exchange"] = TasksExchange,
                    ["x-dead-letter-routing-key"] = TaskQueues.RoutingKeyFor(priority),
                },
                cancellationToken: cancellationToken);
        }
    }

    // Fanout exchanges whose messages tell whoever listens right now (live views, workers);
    // with no listener the message is simply dropped, never returned as unroutable.
    public static bool IsBroadcast(string exchange) =>
        exchange is UpdatesExchange or CancellationsExchange or HeartbeatsExchange;

    // A routing key per event type lets operators bind extra queues to a subset (e.g. task.failed).
    public static string EventRoutingKey(string messageType) =>
        "task." + messageType.Replace("Task", "", StringComparison.Ordinal).ToLowerInvariant();

    // Dead-lettering is at-most-once by default: a message expiring or hitting its delivery
    // limit while the broker stops can vanish. At-least-once (quorum queues, RabbitMQ 3.10+)
    // keeps it in the source queue until the target has confirmed it, so a due retry or a
    // quarantined task survives a broker restart. It requires reject-publish overflow.
    private static readonly Dictionary<string, object?> AtLeastOnceDeadLettering = new()
    {
        ["x-dead-letter-strategy"] = "at-least-once",
        ["x-overflow"] = "reject-publish",
    };

    private static async Task DeclareDurableQueueAsync(
        IChannel channel, string queue, string exchange, string routingKey, bool deadLettered, CancellationToken cancellationToken)
    {
        var arguments = new Dictionary<string, object?> { ["x-queue-type"] = "quorum" };
        if (deadLettered)
        {
            foreach (var (key, value) in AtLeastOnceDeadLettering)
            {
                arguments[key] = value;
            }

            arguments["x-dead-letter-exchange"] = DeadLetterExchange;
            arguments["x-delivery-limit"] = DeliveryLimit;
        }

        await channel.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false, arguments, cancellationToken: cancellationToken);
        await channel.QueueBindAsync(queue, exchange, routingKey, cancellationToken: cancellationToken);
    }
}
