using System.Text.Json;
using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Bench;

// Splits accept→Running in two: a private queue bound beside the normal task queue receives a
// copy of every task message (or bundle of them) the moment the broker routes it, so "accepted → copy received" is
// the web app's share (commit, outbox dispatcher, publish) plus one hop through the broker, and
// "copy received → Running" is the quorum queue's commit and its delivery to a worker. The copy
// costs the broker a little extra work while the probe runs.
public sealed class TaskTap : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;
    private readonly Dictionary<Guid, DateTimeOffset> _received = [];

    private TaskTap(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<TaskTap> StartAsync(string connectionString)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync();
        var tap = new TaskTap(connection, channel);
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, Topology.TasksExchange, TaskQueues.RoutingKeyFor(TaskPriority.Normal));
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var now = DateTimeOffset.UtcNow;
            using var body = JsonDocument.Parse(delivery.Body);
            var orders = delivery.BasicProperties.Type == nameof(TaskQueuedBundle)
                ? body.RootElement.GetProperty("tasks").EnumerateArray().ToList()
                : [body.RootElement];
            lock (tap._received)
            {
                foreach (var order in orders)
                {
                    tap._received[order.GetProperty("taskId").GetGuid()] = now;
                }
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return tap;
    }

    public DateTimeOffset? ReceivedAt(Guid taskId)
    {
        lock (_received)
        {
            return _received.TryGetValue(taskId, out var at) ? at : null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
