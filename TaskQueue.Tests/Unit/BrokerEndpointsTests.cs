using RabbitMQ.Client;
using TaskQueue.Messaging;

namespace TaskQueue.Tests.Unit;

public sealed class BrokerEndpointsTests
{
    [Fact]
    public void A_clusters_nodes_come_from_the_endpoints_query_parameter()
    {
        var endpoints = BrokerEndpoints.Parse("amqp://taskqueue:s3cret@127.0.0.1:5672/?endpoints=127.0.0.1:5672,127.0.0.1:5673, localhost:5674");

        Assert.Equal(["127.0.0.1:5672", "127.0.0.1:5673", "localhost:5674"], endpoints.Select(endpoint => $"{endpoint.HostName}:{endpoint.Port}"));
    }

    [Theory]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672/")]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672/vhost?heartbeat=10")]
    [InlineData("not a uri")]
    public void A_single_broker_has_no_list(string connectionString) => Assert.Empty(BrokerEndpoints.Parse(connectionString));

    [Fact]
    public void An_entry_without_a_port_is_refused_with_the_entry_named() =>
        Assert.Contains("'127.0.0.1'", Assert.Throws<FormatException>(() => BrokerEndpoints.Parse("amqp://u:p@h:1/?endpoints=127.0.0.1")).Message);

    [Fact]
    public void The_client_reads_such_a_connection_string_as_the_first_node_and_its_default_virtual_host()
    {
        var factory = new ConnectionFactory { Uri = new Uri("amqp://taskqueue:s3cret@127.0.0.1:5672/?endpoints=127.0.0.1:5672,127.0.0.1:5673") };

        Assert.Equal(("127.0.0.1", 5672, "/", "taskqueue"), (factory.HostName, factory.Port, factory.VirtualHost, factory.UserName));
    }
}
