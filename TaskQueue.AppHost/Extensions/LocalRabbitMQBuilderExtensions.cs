using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.AppHost.Extensions;

public static class LocalRabbitMQBuilderExtensions
{
    // The node (data, logs and config under DATA/rabbitmq) with its own epmd beside it: Erlang
    // would otherwise start a shared `epmd -daemon` that outlives the AppHost. Ports are
    // allocated by Aspire and reach the node as environment variables; the node is healthy
    // once an authenticated AMQP connection succeeds, not merely when a port is open. AMQP is
    // not proxied: every message crossing DCP's proxy halved the broker's ceiling here (bench/:
    // 9,135 msg/s through it, 16,075 without); the port is allocated once and kept across
    // restarts of the node, so clients reconnect to the same address.
    public static IResourceBuilder<LocalRabbitMQResource> AddLocalRabbitMQ(this IDistributedApplicationBuilder builder, string name, string dataDir)
    {
        if (RabbitMQNodeConfig.FindServerScript() is not { } serverScript || RabbitMQNodeConfig.FindEpmd() is not { } epmdPath)
        {
            return StartupError.Exit<IResourceBuilder<LocalRabbitMQResource>>(RabbitMQNodeConfig.InstallHint);
        }

        // The node creates its user from the config file on its first boot, so the password
        // must be known now and the same on every later run.
        var passwordValue = PersistentParameters.ResolvePersistentValue(builder, $"{name}-password", dataDir,
            generate: () => Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant(),
            validate: value => value.All(char.IsAsciiLetterOrDigit) ? null : "must be letters and digits only.");
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);
        var nodeDir = Path.Combine(dataDir, "rabbitmq");
        var nodeEnvironment = new RabbitMQNodeConfig(nodeDir, LocalRabbitMQResource.UserName, passwordValue).WriteFiles();

        var epmdPort = FreePort.Next();
        var epmd = builder.AddExecutable($"{name}-epmd", epmdPath, nodeDir, "-address", "127.0.0.1", "-port", $"{epmdPort}")
            .WithHealthCheck(AddTcpHealthCheck(builder, $"{name}-epmd", epmdPort));

        var node = new LocalRabbitMQResource(name, serverScript, nodeDir, password.Resource);
        var healthCheckKey = $"{name}-amqp";
        var amqpCheck = new AmqpConnectionHealthCheck(node);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => amqpCheck, failureStatus: null, tags: null));

        var broker = builder.AddResource(node)
            .WithEndpoint(name: LocalRabbitMQResource.AmqpEndpointName, scheme: "tcp", env: "RABBITMQ_NODE_PORT", isProxied: false)
            .WithHttpEndpoint(name: LocalRabbitMQResource.ManagementEndpointName)
            .WithEnvironment(context =>
            {
                foreach (var (key, value) in nodeEnvironment)
                {
                    context.EnvironmentVariables[key] = value;
                }

                context.EnvironmentVariables["RABBITMQ_DIST_PORT"] = $"{FreePort.Next()}";
                context.EnvironmentVariables["ERL_EPMD_PORT"] = $"{epmdPort}";
            })
            .WithEnvironment("RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS", ErlangArguments(node))
            .WithHealthCheck(healthCheckKey)
            .WithUrlForEndpoint(LocalRabbitMQResource.ManagementEndpointName, url => url.DisplayText = "RabbitMQ management")
            .WithUrlForEndpoint(LocalRabbitMQResource.AmqpEndpointName, url => url.DisplayText = "AMQP")
            .WithRestartOnUnexpectedExit()
            .WaitFor(epmd);
        epmd.WithParentRelationship(broker);
        return broker;
    }

    // The management listener's port is allocated by Aspire when the node starts.
    private static ReferenceExpression ErlangArguments(LocalRabbitMQResource node)
    {
        const string placeholder = "MANAGEMENT_PORT";
        var template = RabbitMQNodeConfig.ErlangArguments(placeholder);
        var at = template.IndexOf(placeholder, StringComparison.Ordinal);
        var port = node.ManagementEndpoint.Property(EndpointProperty.TargetPort);
        return ReferenceExpression.Create($"{template[..at]}{port}{template[(at + placeholder.Length)..]}");
    }

    private static string AddTcpHealthCheck(IDistributedApplicationBuilder builder, string key, int port)
    {
        builder.Services.AddHealthChecks().AddAsyncCheck(key, async cancellationToken =>
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (SocketException exception)
            {
                return HealthCheckResult.Unhealthy($"nothing listens on 127.0.0.1:{port} yet", exception);
            }
        });
        return key;
    }
}
