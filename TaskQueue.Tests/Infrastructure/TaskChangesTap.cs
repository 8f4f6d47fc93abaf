using RabbitMQ.Client;
using RabbitMQ.Client.Events;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Tests.Infrastructure;

// Hears what the sink announces on the updates fanout, as a web replica's listener does, through
// a private auto-delete queue of its own.
public sealed class TaskChangesTap : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly List<TasksChanged> _heard = [];

    private TaskChangesTap(IConnection connection) => _connection = connection;

    public static async Task<TaskChangesTap> StartAsync(string connectionString)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync();
        var tap = new TaskChangesTap(connection);
        var channel = await connection.CreateChannelAsync();
        var queue = await channel.QueueDeclareAsync("", durable: false, exclusive: true, autoDelete: true);
        await channel.QueueBindAsync(queue.QueueName, Topology.UpdatesExchange, "");
        var consumer = new AsyncEventingBasicConsumer(channel);
        consumer.ReceivedAsync += (_, delivery) =>
        {
            var message = MessageSerializer.Deserialize<TasksChanged>(delivery.BasicProperties.Type, delivery.Body.Span);
            lock (tap._heard)
            {
                tap._heard.Add(message);
            }

            return Task.CompletedTask;
        };
        await channel.BasicConsumeAsync(queue.QueueName, autoAck: true, consumer);
        return tap;
    }

    // Every announcement heard so far that names the task.
    public IReadOnlyList<TasksChanged> About(Guid taskId)
    {
        lock (_heard)
        {
            return _heard.Where(message => message.TaskIds.Contains(taskId)).ToList();
        }
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
