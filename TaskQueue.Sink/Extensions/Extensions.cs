using TaskQueue.Data;
using TaskQueue.Messaging;
using TaskQueue.Sink.Events;

namespace TaskQueue.Sink.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMqMessaging();
        builder.AddTasksDbContext();
        builder.Services.AddHostedService<DatabaseModelWarmup>();

        builder.Services.AddOptions<SinkOptions>().BindConfiguration(SinkOptions.SectionName);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PendingEvents>();
        builder.Services.AddSingleton<EventApplier>();
        builder.Services.AddHostedService<EventConsumer>();
        builder.Services.AddHostedService<BatchProcessor>();
        builder.Services.AddTaskChangeBroadcaster();
    }
}
