using Microsoft.Extensions.Logging;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TaskQueue.Messaging;

public delegate Task MessageHandler(DeliveredMessage message, CancellationToken cancellationToken);

// Starts consumers with manual acks. Handlers settle their own messages; what they throw is
// settled here: a malformed message is dead-lettered with its reason, anything else is
// requeued, and the queue's delivery limit quarantines a message that keeps failing.
public sealed class QueueConsumerFactory(
    BrokerConnection brokerConnection, IMessagePublisher publisher, ILogger<QueueConsumerFactory> logger)
{
    public async Task<QueueSubscription> ConsumeAsync(ConsumerOptions options, MessageHandler handler, CancellationToken stoppingToken)
    {
        var channel = await CreateChannelAsync(options.Concurrency, stoppingToken);
        await channel.BasicQosAsync(0, options.Prefetch, global: false, stoppingToken);
        return await StartAsync(channel, options.Queue, autoAck: false, handler, stoppingToken, options.CoalesceAcks ? new ChannelAcks(channel) : null);
    }

    // For notifications (live updates, cancellations): a private queue bound to a fanout
    // exchange, deleted with the connection. Losing one of these messages is harmless.
    public async Task<QueueSubscription> SubscribeAsync(string fanoutExchange, MessageHandler handler, CancellationToken stoppingToken)
    {
        var channel = await CreateChannelAsync(1, stoppingToken);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true, cancellationToken: stoppingToken);
        await channel.QueueBindAsync(queue.QueueName, fanoutExchange, "", cancellationToken: stoppingToken);
        return await StartAsync(channel, queue.QueueName, autoAck: true, handler, stoppingToken);
    }

    public async Task DeadLetterAsync(DeliveredMessage message, string reason, CancellationToken cancellationToken)
    {
        logger.LogWarning("Dead-lettering {Type} message {MessageId} from {Queue}: {Reason}",
            message.Type, message.MessageId, message.Queue, reason);
        await publisher.PublishAsync(message.ToDeadLetter(reason), cancellationToken);
        await message.AckAsync(cancellationToken);
    }

    private async Task<IChannel> CreateChannelAsync(ushort concurrency, CancellationToken cancellationToken)
    {
        var connection = await brokerConnection.GetAsync(cancellationToken);
        return await connection.CreateChannelAsync(
            new CreateChannelOptions(publisherConfirmationsEnabled: false, publisherConfirmationTrackingEnabled: false,
                consumerDispatchConcurrency: concurrency),
            cancellationToken);
    }

    private async Task<QueueSubscription> StartAsync(
        IChannel channel, string queue, bool autoAck, MessageHandler handler, CancellationToken stoppingToken, ChannelAcks? acks = null)
    {
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += async (_, delivery) =>
        {
            acks?.Delivered(delivery.DeliveryTag);
            var message = new DeliveredMessage(channel, queue, delivery.DeliveryTag, delivery.Redelivered,
                delivery.BasicProperties, delivery.Body.ToArray(), acks);
            using var activity = MessagingTelemetry.StartProcess(queue, message.Type, message.Headers);
            await HandleAsync(message, autoAck, handler, stoppingToken);
        };

        var consumerTag = await channel.BasicConsumeAsync(queue, autoAck, consumer, stoppingToken);
        return new QueueSubscription(channel, consumerTag, queue);
    }

    private async Task HandleAsync(DeliveredMessage message, bool autoAck, MessageHandler handler, CancellationToken stoppingToken)
    {
        try
        {
            await handler(message, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: the unacked message returns to the queue when the channel closes.
        }
        catch (MalformedMessageException malformed) when (!autoAck)
        {
            await SettleSafelyAsync(() => DeadLetterAsync(message, malformed.Message, stoppingToken), message);
        }
        catch (Exception exception) when (!autoAck)
        {
            logger.LogError(exception, "Handling {Type} message {MessageId} from {Queue} failed; requeueing it",
                message.Type, message.MessageId, message.Queue);
            await SettleSafelyAsync(() => message.RequeueAsync(stoppingToken), message);
        }
        catch (Exception exception)
        {
            logger.LogWarning(exception, "Ignoring notification {Type} from {Queue} that could not be handled", message.Type, message.Queue);
        }
    }

    // Settling can fail when the connection dropped meanwhile; the broker then redelivers the
    // message on its own, which is the outcome we wanted anyway.
    private async Task SettleSafelyAsync(Func<Task> settle, DeliveredMessage message)
    {
        try
        {
            await settle();
        }
        catch (Exception exception)
        {
            logger.LogWarning("Could not settle message {MessageId} from {Queue}: {Reason}", message.MessageId, message.Queue, exception.Message);
        }
    }
}
