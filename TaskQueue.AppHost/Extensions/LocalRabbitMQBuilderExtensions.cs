using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace TaskQueue.AppHost.Extensions;

public static class LocalRabbitMQBuilderExtensions
{
    // The node (data, logs and config under DATA/rabbitmq), or a cluster of `nodes` of them,
    // with its own epmd beside it: Erlang would otherwise start a shared `epmd -daemon` that
    // outlives the AppHost. Ports are
    // allocated by Aspire and reach the node as environment variables; the node is healthy
    // once an authenticated AMQP connection succeeds, not merely when a port is open. AMQP is
    // not proxied: every message crossing DCP's proxy halved the broker's ceiling here (bench/:
    // 9,135 msg/s through it, 16,075 without); the port is allocated once and kept across
    // restarts of the node, so clients reconnect to the same address.
    public static IResourceBuilder<LocalRabbitMQResource> AddLocalRabbitMQ(
        this IDistributedApplicationBuilder builder, string name, string dataDir, int nodes = 1)
    {
        if (RabbitMQNodeConfig.FindServerScript() is not { } serverScript || RabbitMQNodeConfig.FindEpmd() is not { } epmdPath)
        {
            return StartupError.Exit<IResourceBuilder<LocalRabbitMQResource>>(RabbitMQNodeConfig.InstallHint);
        }

        // The node creates its user from the config file on its first boot, so the password
        // must be known now and the same on every later run.
        var passwordValue = PersistentParameters.ResolvePersistentValue(builder, $"{name}-password", dataDir,
            generate: GenerateSecret, validate: value => value.All(char.IsAsciiLetterOrDigit) ? null : "must be letters and digits only.");
        var password = builder.AddParameter($"{name}-password", passwordValue, secret: true);

        // One node under DATA/rabbitmq; a cluster's under DATA/rabbitmq-cluster/node-N.
        var nodeDirs = nodes == 1
            ? [Path.Combine(dataDir, "rabbitmq")]
            : Enumerable.Range(1, nodes).Select(index => Path.Combine(dataDir, "rabbitmq-cluster", $"node-{index}")).ToArray();
        var cluster = nodes == 1 ? null : new RabbitMQClusterConfig(
            nodeDirs.Select(RabbitMQNodeConfig.NodeNameFor).ToList(),
            PersistentParameters.ResolvePersistentValue(builder, $"{name}-erlang-cookie", dataDir, generate: GenerateSecret, validate: _ => null));
        // Joining needs a node to join: on the first run the others start once the first is up.
        // Later every node starts at once, since a restarted node waits for the peer that stopped last.
        var firstRun = !Directory.Exists(Path.Combine(nodeDirs[^1], "mnesia"));
        InitialSecret.EnsureUnchanged(nodeDirs[0], Directory.Exists(Path.Combine(nodeDirs[0], "mnesia")), $"{name}-password", passwordValue, "the local RabbitMQ node's data");

        var epmdPort = FreePort.Next();
        var epmd = builder.AddExecutable($"{name}-epmd", epmdPath, dataDir, "-address", "127.0.0.1", "-port", $"{epmdPort}")
            .WithHealthCheck(AddEpmdHealthCheck(builder, $"{name}-epmd", epmdPort));

        IResourceBuilder<LocalRabbitMQResource>? first = null;
        for (var index = 0; index < nodeDirs.Length; index++)
        {
            var nodeName = index == 0 ? name : $"{name}-node{index + 1}";
            var config = new RabbitMQNodeConfig(nodeDirs[index], LocalRabbitMQResource.UserName, passwordValue, cluster);
            var node = AddNode(builder, nodeName, serverScript, config, password.Resource, epmdPort).WaitFor(epmd);
            if (first is null)
            {
                first = node;
                epmd.WithParentRelationship(node);
            }
            else
            {
                node.WithParentRelationship(first);
                if (firstRun)
                {
                    node.WaitFor(first);
                }
            }

            if (cluster is not null)
            {
                first.Resource.ClusterNodes.Add(node.Resource);
            }
        }

        if (cluster is not null)
        {
            // The last node is healthy once every node runs in the cluster (services wait for
            // it: quorum queues declared earlier would have fewer replicas than nodes). Not the
            // first: the others wait for the first one to be up before they join it.
            var last = first!.Resource.ClusterNodes[^1];
            var membership = new RabbitMQClusterHealthCheck(last, nodes);
            builder.Services.AddHealthChecks().Add(new HealthCheckRegistration($"{name}-cluster", _ => membership, failureStatus: null, tags: null));
            builder.CreateResourceBuilder(last).WithHealthCheck($"{name}-cluster");
        }

        return first!;
    }

    private static IResourceBuilder<LocalRabbitMQResource> AddNode(IDistributedApplicationBuilder builder, string name, string serverScript,
        RabbitMQNodeConfig config, ParameterResource password, int epmdPort)
    {
        var nodeEnvironment = config.WriteFiles();
        var node = new LocalRabbitMQResource(name, serverScript, config.DataDir, password);
        var healthCheckKey = $"{name}-amqp";
        var amqpCheck = new AmqpConnectionHealthCheck(name, node.NodeConnectionStringExpression);
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(healthCheckKey, _ => amqpCheck, failureStatus: null, tags: null));

        return builder.AddResource(node)
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
            .WithRestartOnUnexpectedExit();
    }

    private static string GenerateSecret() =>
        Convert.ToHexString(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24)).ToLowerInvariant();

    // The management listener's port is allocated by Aspire when the node starts.
    private static ReferenceExpression ErlangArguments(LocalRabbitMQResource node)
    {
        const string placeholder = "MANAGEMENT_PORT";
        var template = RabbitMQNodeConfig.ErlangArguments(placeholder);
        var at = template.IndexOf(placeholder, StringComparison.Ordinal);
        var port = node.ManagementEndpoint.Property(EndpointProperty.TargetPort);
        return ReferenceExpression.Create($"{template[..at]}{port}{template[(at + placeholder.Length)..]}");
    }

    private static string AddEpmdHealthCheck(IDistributedApplicationBuilder builder, string key, int port)
    {
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(key, new EpmdHealthCheck(port), failureStatus: null, tags: null));
        return key;
    }
}
