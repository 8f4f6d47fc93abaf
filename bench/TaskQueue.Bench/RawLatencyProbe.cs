using System.Diagnostics;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;

namespace TaskQueue.Bench;

public sealed record RawLatencyFigures(double P50, double P99, BurstFigures? ByBurst = null);

// The floor under accept→Running: publish→deliver through a quorum queue of the same broker,
// paced like the latency probe (what is due every 10 ms, as one burst), with nothing else in
// the way. A task's path adds the web app's commit and the outbox dispatcher to this.
public static class RawLatencyProbe
{
    private static readonly TimeSpan s_tick = TimeSpan.FromMilliseconds(10);

    public static async Task<RawLatencyFigures> MeasureAsync(string connectionString, double messagesPerSecond, TimeSpan duration)
    {
        var factory = new ConnectionFactory { Uri = new Uri(connectionString) };
        await using var publisherConnection = await factory.CreateConnectionAsync();
        await using var consumerConnection = await factory.CreateConnectionAsync();
        await using var publisher = await publisherConnection.CreateChannelAsync(new CreateChannelOptions(true, true));
        await using var consumer = await consumerConnection.CreateChannelAsync();

        const string queue = "bench.raw-latency";
        await publisher.QueueDeclareAsync(queue, durable: true, exclusive: false, autoDelete: false,
            arguments: new Dictionary<string, object?> { ["x-queue-type"] = "quorum" });
        await publisher.QueuePurgeAsync(queue);

        var latencies = new List<double>();
        var sinceBurst = new List<(long Burst, double Milliseconds)>();
        await consumer.BasicQosAsync(0, 100, false);
        var subscriber = new AsyncEventingBasicConsumer(consumer);
        subscriber.ReceivedAsync += async (_, delivery) =>
        {
            var sent = BitConverter.ToInt64(delivery.Body.Span);
            var burst = BitConverter.ToInt64(delivery.Body.Span[sizeof(long)..]);
            lock (latencies)
            {
                latencies.Add(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
                sinceBurst.Add((burst, Stopwatch.GetElapsedTime(burst).TotalMilliseconds));
            }

            await consumer.BasicAckAsync(delivery.DeliveryTag, multiple: false);
        };
        await consumer.BasicConsumeAsync(queue, autoAck: false, subscriber);

        var clock = Stopwatch.StartNew();
        var sentCount = 0;
        var publishes = new List<Task>();
        while (clock.Elapsed < duration)
        {
            var due = (int)(clock.Elapsed.TotalSeconds * messagesPerSecond) + 1;
            // Each message carries when it was sent and when its burst began (as a request's
            // tasks share their accept time).
            var burst = BitConverter.GetBytes(Stopwatch.GetTimestamp());
            for (; sentCount < due; sentCount++)
            {
                byte[] body = [.. BitConverter.GetBytes(Stopwatch.GetTimestamp()), .. burst];
                publishes.Add(publisher.BasicPublishAsync("", queue, mandatory: true, new BasicProperties { Persistent = true }, body).AsTask());
            }

            await Task.Delay(s_tick);
        }

        await Task.WhenAll(publishes);
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline && latencies.Count < sentCount)
        {
            await Task.Delay(50);
        }

        await publisher.QueueDeleteAsync(queue);
        var sorted = latencies.Order().ToList();
        return new RawLatencyFigures(Percentiles.Of(sorted, 50), Percentiles.Of(sorted, 99), BurstSpread.Of(sinceBurst));
    }
}
