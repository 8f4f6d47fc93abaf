using TaskQueue.Messaging;
using TaskQueue.Worker.Execution;
using TaskQueue.Worker.Handlers;
using TaskQueue.Worker.Health;
using TaskQueue.Worker.Startup;

namespace TaskQueue.Worker.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRabbitMqMessaging();
        // First of the worker's hosted services: the others (the health probes included) start
        // once the broker listens.
        builder.Services.AddHostedService<BrokerReachabilityGate>();

        builder.Services.AddOptions<WorkerOptions>()
            .BindConfiguration(WorkerOptions.SectionName)
            .Validate(options => options.FailureRate is >= 0 and <= 1, "Worker:FailureRate must be from 0 to 1.")
            .Validate(options => options.Concurrency is >= 1 and <= 1000, "Worker:Concurrency must be from 1 to 1000.")
            .Validate(options => options.BundleWaitLimitSeconds is >= 0 and <= 3600, "Worker:BundleWaitLimitSeconds must be from 0 to 3600.")
            .ValidateOnStart();

        builder.Services.AddSingleton<ITaskHandler, EchoHandler>();
        builder.Services.AddSingleton<ITaskHandler, FibonacciHandler>();
        builder.Services.AddSingleton<ITaskHandler, ScriptHandler>();
        builder.Services.AddSingleton<ITaskHandler, SimulationHandler>();
        builder.Services.AddSingleton<TaskHandlerRegistry>();

        builder.Services.AddSingleton(WorkerIdentity.FromEnvironment());
        builder.Services.AddSingleton<CancellationRegistry>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerStatistics>();
        builder.Services.AddSingleton<OutcomeBatcher>();
        builder.Services.AddSingleton<TaskRunner>();
        builder.Services.AddSingleton<TaskBundleRunner>();
        builder.Services.AddHostedService<HeartbeatPublisher>();
        builder.Services.AddHostedService<CancellationListener>();
        builder.Services.AddHostedService<TaskConsumer>();
        builder.Services.AddHostedService<HealthProbeListener>();

        // Give in-flight tasks time to finish or be handed back before the process exits.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(5));
    }
}
