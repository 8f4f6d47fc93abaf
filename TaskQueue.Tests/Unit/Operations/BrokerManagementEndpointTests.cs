using Microsoft.Extensions.Configuration;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Unit.Operations;

public sealed class BrokerManagementEndpointTests
{
    private static IConfiguration Configuration(string? url, string? connectionString) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BrokerManagementEndpoint.UrlKey] = url,
            ["ConnectionStrings:messaging"] = connectionString,
        }).Build();

    [Theory]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672/", "/")]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672", "/")]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672/pipeline-1f2e", "pipeline-1f2e")]
    [InlineData("amqp://taskqueue:s3cret@127.0.0.1:5672/%2Fprod", "/prod")]
    public void Credentials_and_virtual_host_come_from_the_messaging_connection_string(string connectionString, string virtualHost)
    {
        var endpoint = BrokerManagementEndpoint.FromConfiguration(Configuration("http://127.0.0.1:15672", connectionString), out var reason);

        Assert.Null(reason);
        Assert.Equal((new Uri("http://127.0.0.1:15672/"), "taskqueue", "s3cret", virtualHost),
            (endpoint!.BaseAddress, endpoint.User, endpoint.Password, endpoint.VirtualHost));
        Assert.Equal([new Uri("http://127.0.0.1:15672/")], endpoint.Addresses);
    }

    [Fact]
    public void A_clusters_other_nodes_follow_the_first_in_service_discoverys_list_form()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [BrokerManagementEndpoint.UrlKey] = "http://127.0.0.1:15672",
            ["services:messaging:management:1"] = "http://127.0.0.1:15673",
            ["services:messaging:management:2"] = "http://127.0.0.1:15674/",
            ["ConnectionStrings:messaging"] = "amqp://u:p@127.0.0.1:5672/?endpoints=127.0.0.1:5672,127.0.0.1:5673,127.0.0.1:5674",
        }).Build();

        var endpoint = BrokerManagementEndpoint.FromConfiguration(configuration, out var reason);

        Assert.Null(reason);
        Assert.Equal(["http://127.0.0.1:15672/", "http://127.0.0.1:15673/", "http://127.0.0.1:15674/"], endpoint!.Addresses.Select(address => address.ToString()));
        Assert.Equal("/", endpoint.VirtualHost);
    }

    [Fact]
    public void A_path_prefix_survives_joining_with_the_api_path()
    {
        var endpoint = BrokerManagementEndpoint.FromConfiguration(Configuration("https://ops.example/rabbitmq", "amqp://u:p@broker/"), out _);

        Assert.Equal("https://ops.example/rabbitmq/api/queues/%2F", new Uri(endpoint!.BaseAddress, "api/queues/%2F").ToString());
    }

    [Theory]
    [InlineData(null, "amqp://u:p@broker/", "services__messaging__management__0 is not set")]
    [InlineData("", "amqp://u:p@broker/", "services__messaging__management__0 is not set")]
    [InlineData("not a url", "amqp://u:p@broker/", "not an http(s) URL")]
    [InlineData("http://127.0.0.1:15672", null, "ConnectionStrings__messaging is not set")]
    [InlineData("http://127.0.0.1:15672", "::nonsense::", "not a valid amqp:// URI")]
    public void Without_a_usable_endpoint_the_reason_is_given(string? url, string? connectionString, string expected)
    {
        var endpoint = BrokerManagementEndpoint.FromConfiguration(Configuration(url, connectionString), out var reason);

        Assert.Null(endpoint);
        Assert.Contains(expected, reason);
    }
}
