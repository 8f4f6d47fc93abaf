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
    public static MessagingBroker AddMessaging(this IDistributedApplicationBuilder builder, string name, string dataDir)
    {
        var requested = builder.Configuration["Messaging:Broker"]?.Trim().ToLowerInvariant();
        var configured = !string.IsNullOrEmpty(builder.Configuration.GetConnectionString(name));
        var (kind, reason) = requested switch
        {
            "existing" or "container" or "local" => (requested, $"Messaging:Broker is '{requested}'"),
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
                var local = builder.AddLocalRabbitMQ(name, dataDir);
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

    private static string Describe(string kind) => kind switch
    {
        "existing" => "the existing broker from the connection string",
        "container" => "Aspire's RabbitMQ container",
        _ => "a local RabbitMQ node (Debian's rabbitmq-server)",
    };
}
