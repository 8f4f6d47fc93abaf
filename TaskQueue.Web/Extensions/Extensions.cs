using System.Text.Json.Serialization;
using MudBlazor;
using MudBlazor.Services;
using TaskQueue.Data;
using TaskQueue.Messaging;
using TaskQueue.Web.Apis;
using TaskQueue.Web.GraphQL;
using TaskQueue.Web.OpenApi;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Operations;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Extensions;

internal static class Extensions
{
    public static void AddApplicationServices(this WebApplicationBuilder builder)
    {
        // Serve the Razor class libraries' assets from the build output in every environment,
        // not only Development, so the AppHost can run the unpublished build as Production.
        builder.WebHost.UseStaticWebAssets();

        // Bounded so one request cannot tie up memory: the largest legal batch of typical tasks
        // fits many times over; larger bodies get 413.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue("Limits:MaxRequestBodyBytes", 8L * 1024 * 1024));

        builder.AddRabbitMqMessaging();
        builder.AddTasksDbContext();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.AddSingleton<ScheduledTasksSignal>();
        builder.Services.AddSingleton<TaskChangeNotifier>();
        builder.AddWebReplicas();
        builder.Services.AddScoped<TaskService>();
        builder.Services.AddScoped<BatchService>();
        builder.Services.AddScoped<DeadLetterService>();
        builder.Services.Configure<OutboxOptions>(builder.Configuration.GetSection(OutboxOptions.SectionName));
        builder.Services.AddSingleton<OutboxBundler>();
        builder.Services.AddHostedService<OutboxDispatcher>();
        builder.Services.AddHostedService<ScheduledTaskPromoter>();
        builder.Services.AddWorkflows();
        builder.Services.AddHostedService<TaskUpdatesListener>();
        builder.Services.AddSingleton<WorkerRegistry>();
        builder.Services.AddHostedService<WorkerHeartbeatListener>();
        builder.Services.AddOperationsServices();
        builder.Services.AddScheduleServices();

        builder.AddTaskQueueSecurity();

        builder.Services.AddProblemDetails();
        // Binding failures throw so BadRequestExceptionHandler can name the offending field.
        builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
        builder.Services.ConfigureHttpJsonOptions(options =>
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter()));
        builder.Services.AddTaskQueueOpenApi();
        builder.Services.AddTaskQueueGraphQL();

        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents();
        // Notices appear bottom-left and briefly: top-right, they covered "New task" for 4–5 s after each create.
        builder.Services.AddMudServices(options =>
        {
            options.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomLeft;
            options.SnackbarConfiguration.VisibleStateDuration = 3000;
        });
    }
}
