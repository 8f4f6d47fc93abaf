using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Trace;

namespace TaskQueue.Messaging;

public static class MessagingExtensions
{
    // Reads ConnectionStrings:{connectionName}, the variable an Aspire AppHost injects for
    // a RabbitMQ resource referenced under that name.
    public static IHostApplicationBuilder AddRabbitMqMessaging(this IHostApplicationBuilder builder, string connectionName = "messaging")
    {
        var connectionString = builder.Configuration.GetConnectionString(connectionName)
            ?? throw new InvalidOperationException(
                $"ConnectionStrings:{connectionName} is not set. Run the service through TaskQueue.AppHost, or set ConnectionStrings__{connectionName}=amqp://user:password@host:port.");

        builder.Services.AddSingleton(services => new RabbitMqConnectionProvider(
            connectionString,
            $"{builder.Environment.ApplicationName} ({Environment.MachineName}:{Environment.ProcessId})",
            services.GetRequiredService<ILogger<RabbitMqConnectionProvider>>()));
        builder.Services.AddSingleton<ConfirmingPublisher>();
        builder.Services.AddSingleton<IMessagePublisher>(services => services.GetRequiredService<ConfirmingPublisher>());
        builder.Services.AddSingleton<QueueConsumerFactory>();

        builder.Services.AddHealthChecks().AddCheck<RabbitMqHealthCheck>("rabbitmq", tags: ["ready"]);
        builder.Services.AddOpenTelemetry().WithTracing(tracing => tracing.AddSource(MessagingTelemetry.ActivitySourceName));
        return builder;
    }
}
