using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;
using RabbitMQ.Client;

namespace TaskQueue.Messaging;

public static class MessagingExtensions
{
    // The connection comes from Aspire's RabbitMQ client integration, which reads
    // ConnectionStrings:{connectionName} (what the AppHost injects) and adds the broker's
    // health check and the client's traces. What it lacks is ours: the topology, publishing
    // with confirms, and manual-ack consumers.
    public static IHostApplicationBuilder AddRabbitMqMessaging(this IHostApplicationBuilder builder, string connectionName = "messaging")
    {
        if (string.IsNullOrEmpty(builder.Configuration.GetConnectionString(connectionName)))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the service through TaskQueue.AppHost, or set ConnectionStrings__{connectionName}=amqp://user:password@host:port.");
        }

        var clientName = $"{builder.Environment.ApplicationName} ({Environment.MachineName}:{Environment.ProcessId})";
        var clusterNodes = BrokerEndpoints.Parse(builder.Configuration.GetConnectionString(connectionName)!);
        builder.AddRabbitMQClient(connectionName,
            settings =>
            {
                // BrokerConnection retries every second itself; the integration's own retries
                // back off to 16 s and would hold a service started during an outage that long.
                settings.MaxConnectRetryCount = 0;
                // Our publisher and consumers trace each hop themselves (MessagingTelemetry, which
                // also carries the trace through the outbox); the client's own spans doubled every
                // hop in a task's trace.
                settings.DisableTracing = true;
            },
            factory =>
            {
                factory.ClientProvidedName = clientName;
                factory.AutomaticRecoveryEnabled = true;
                factory.TopologyRecoveryEnabled = true;
                factory.NetworkRecoveryInterval = TimeSpan.FromSeconds(1);
                factory.RequestedHeartbeat = TimeSpan.FromSeconds(10);
                if (clusterNodes.Count > 1)
                {
                    factory.EndpointResolverFactory = _ => new DefaultEndpointResolver(clusterNodes);
                }
            });

        builder.Services.AddSingleton<BrokerConnection>();
        builder.Services.AddSingleton<ConfirmingPublisher>();
        builder.Services.AddSingleton<IMessagePublisher>(services => services.GetRequiredService<ConfirmingPublisher>());
        builder.Services.AddSingleton<QueueConsumerFactory>();
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MessagingTelemetry.ActivitySourceName));
        return builder;
    }

    // For the services that announce changed tasks to the web apps' live views (TaskChangeBroadcaster).
    public static IServiceCollection AddTaskChangeBroadcaster(this IServiceCollection services)
    {
        services.AddSingleton<TaskChangeBroadcaster>();
        services.AddHostedService(provider => provider.GetRequiredService<TaskChangeBroadcaster>());
        return services;
    }
}
