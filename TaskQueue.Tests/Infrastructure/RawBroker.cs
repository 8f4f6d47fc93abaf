using RabbitMQ.Client;
using TaskQueue.Messaging;

namespace TaskQueue.Tests.Infrastructure;

// Talks to the broker behind the services' backs: publishes hand-made (and broken) messages
// and reads queue depths, as an attacker or a buggy client would.
public sealed class RawBroker : IAsyncDisposable
{
    private readonly IConnection _connection;
    private readonly IChannel _channel;

    private RawBroker(IConnection connection, IChannel channel)
    {
        _connection = connection;
        _channel = channel;
    }

    public static async Task<RawBroker> ConnectAsync(string connectionString)
    {
        var connection = await new ConnectionFactory { Uri = new Uri(connectionString) }.CreateConnectionAsync();
        var channel = await connection.CreateChannelAsync(new CreateChannelOptions(true, true));
        return new RawBroker(connection, channel);
    }

    public async Task PublishAsync(string exchange, string routingKey, string? type, byte[] body)
    {
        var properties = new BasicProperties { Persistent = true, Type = type, MessageId = Guid.NewGuid().ToString("N") };
        await _channel.BasicPublishAsync(exchange, routingKey, mandatory: true, properties, body);
    }

    public Task PublishEventAsync<T>(T taskEvent) where T : notnull =>
        PublishAsync(Topology.EventsExchange, Topology.EventRoutingKey(typeof(T).Name), typeof(T).Name, MessageSerializer.Serialize(taskEvent));

    public async Task<uint> MessageCountAsync(string queue) => (await _channel.QueueDeclarePassiveAsync(queue)).MessageCount;

    public async Task<uint> WaitForMessageCountAsync(string queue, uint atLeast, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        uint count;
        while ((count = await MessageCountAsync(queue)) < atLeast && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return count;
    }

    public async ValueTask DisposeAsync()
    {
        await _channel.CloseAsync();
        await _connection.CloseAsync();
        _connection.Dispose();
    }
}
