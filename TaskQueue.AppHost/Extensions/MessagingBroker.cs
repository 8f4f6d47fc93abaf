using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace TaskQueue.AppHost.Extensions;

// The broker the services share, whichever kind was chosen, and its management HTTP API when
// there is one (the Operations page and the dashboard link use it).
public sealed record MessagingBroker(IResourceBuilder<IResourceWithConnectionString> Resource, EndpointReference? Management, string Choice);

public static class MessagingBrokerExtensions
{
    // In this order: a broker of the user's (ConnectionStrings:NAME, a cluster in production);
    // Aspire's RabbitMQ container where a container engine answers; else a private node of
    // Debian's rabbitmq-server. Messaging:Broker = existing | container | local overrides it.
    // --broker-nodes 3 (or 5) asks for a local cluster, which only the local kind can be.
    public static MessagingBroker AddMessaging(this IDistributedApplicationBuilder builder, string name, string dataDir, int nodes = 1)
    {
        var requested = builder.Configuration["Messaging:Broker"]?.Trim().ToLowerInvariant();
        var configured = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(name));
        var (kind, reason) = requested switch
        {
            "existing" or "container" when nodes > 1 =>
                StartupError.Exit<(string, string)>($"--broker-nodes {nodes} starts a local cluster of Debian's rabbitmq-server; Messaging:Broker '{requested}' cannot be one (use 1 node, or Messaging:Broker=local)."),
            "existing" or "container" or "local" => (requested, $"Messaging:Broker is '{requested}'"),
            null or "" when nodes > 1 => ("local", $"--broker-nodes {nodes} asks for a local cluster"),
            null or "" when configured => ("existing", $"ConnectionStrings:{name} is set"),
            null or "" when ContainerRuntime.Answers() => ("container", $"the container runtime '{ContainerRuntime.Name}' answers"),
            null or "" => ("local", $"no ConnectionStrings:{name} and no container runtime ('{ContainerRuntime.Name} info' does not answer)"),
            _ => StartupError.Exit<(string, string)>($"Messaging:Broker must be existing, container or local (got '{requested}')."),
        };

        MessagingBroker broker;
        switch (kind)
        {
            case "existing":
                if (!configured)
                {
                    StartupError.Exit<object>($"Messaging:Broker is 'existing' but ConnectionStrings:{name} is not set.");
                }

                broker = new(builder.AddConnectionString(name), null, kind);
                break;
            case "container":
                var container = builder.AddRabbitMQ(name).WithManagementPlugin().WithDataVolume();
                broker = new(container, container.GetEndpoint("management"), kind);
                break;
            default:
                var local = builder.AddLocalRabbitMQ(name, dataDir, nodes);
                broker = new(local, local.Resource.ManagementEndpoint, kind);
                break;
        }

        var message = $"{name}: using {Describe(kind)} because {reason}.";
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
        {
            @event.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TaskQueue.AppHost").LogInformation("{Message}", message);
            return Task.CompletedTask;
        });
        return broker;
    }

    // A service's connection to the broker. A cluster is waited for: queues declared before
    // every node has joined would be replicated on fewer nodes. A single node is not (the
    // services start while it boots and connect when it accepts them, which is faster).
    public static IResourceBuilder<T> WithMessaging<T>(this IResourceBuilder<T> service, MessagingBroker broker)
        where T : IResourceWithEnvironment, IResourceWithWaitSupport
    {
        service.WithReference(broker.Resource);
        if (broker.Resource.Resource is LocalRabbitMQResource { ClusterNodes.Count: > 0 } first)
        {
            foreach (var node in first.ClusterNodes)
            {
                service.WaitFor(service.ApplicationBuilder.CreateResourceBuilder(node));
            }
        }

        return service;
    }

    // The broker's management HTTP API, for the Operations page: services__messaging__management__0,
    // and in a cluster every other node's as __1, __2, so the page still reads the cluster
    // while one node is down.
    public static IResourceBuilder<T> WithManagementApi<T>(this IResourceBuilder<T> service, MessagingBroker broker)
        where T : IResourceWithEnvironment
    {
        if (broker.Management is not { } management)
        {
            return service;
        }

        service.WithReference(management);
        if (broker.Resource.Resource is LocalRabbitMQResource { ClusterNodes.Count: > 1 } first)
        {
            for (var index = 1; index < first.ClusterNodes.Count; index++)
            {
                service.WithEnvironment($"services__{broker.Resource.Resource.Name}__management__{index}", first.ClusterNodes[index].ManagementEndpoint);
            }
        }

        return service;
    }

    private static string Describe(string kind) => kind switch
    {
        "existing" => "the existing broker from the connection string",
        "container" => "Aspire's RabbitMQ container",
        _ => "local RabbitMQ (Debian's rabbitmq-server)",
    };
}
