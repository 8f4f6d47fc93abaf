using System.Diagnostics;
using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Bench;

// (a) The physical ceiling of the same broker in the same run: RabbitMQ.Client publishing
// persistent messages with confirms (in flight bounded as our publisher bounds them) into a
// quorum queue like ours, and a consumer acking each one, messages the size of a task. The same
// into a classic durable queue shows what quorum queues cost on a single node.
public static class RawCeiling
{
    public static async Task<double> MeasureAsync(string connectionString, int messages, string queueType = "quorum")
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var publisherConnection = await factory.CreateConnectionAsync();
        await using var consumerConnection = await factory.CreateConnectionAsync();
        await using var publisher = await publisherConnection.CreateChannelAsync(new CreateChannelOptions(true, true));
        await using var consumer = await consumerConnection.CreateChannelAsync();

        var queue = $"bench.raw.{queueType}";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = queueType });
        await publisher.QueuePurgeAsync(queue);
        var body = MessageSerializer.Serialize(new TaskQueued(Guid.NewGuid(), "echo", JsonSerializer.SerializeToElement(new { value = 12345 }), 1, 3, 10, DateTimeOffset.UtcNow));

        var received = 0;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await consumer.BasicQosAsync(0, 100, false);
        var subscriber = new AsyncEventingBasicConsumer(consumer);
        subscriber.ReceivedAsync += async (_, delivery) =>
        {
            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
            if (Interlocked.Increment(ref received) == messages)
            {
                done.TrySetResult();
            }
        };
        await consumer.BasicConsumeAsync(queue, autoAck: false, subscriber);

        var clock = Stopwatch.StartNew();
        using var inFlight = new SemaphoreSlim(1000);
        var publishes = new List<Task>(messages);
        for (var i = 0; i < messages; i++)
        {
            await inFlight.WaitAsync();
            publishes.Add(PublishAsync(publisher, queue, body, inFlight));
        }

        await Task.WhenAll(publishes);
        await done.Task.WaitAsync(TimeSpan.FromMinutes(5));
        var rate = messages / clock.Elapsed.TotalSeconds;
        await publisher.QueueDeleteAsync(queue);
        return rate;
    }

    private static async Task PublishAsync(IChannel channel, string queue, byte[] body, SemaphoreSlim inFlight)
    {
        try
        {
            await channel.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true, Type = "TaskQueued" }, body);
        }
        finally
        {
            inFlight.Release();
        }
    }
}
