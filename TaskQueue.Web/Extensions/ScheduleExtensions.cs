using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Extensions;

internal static class ScheduleExtensions
{
    public static IServiceCollection AddScheduleServices(this IServiceCollection services)
    {
        services.AddSingleton<SchedulesSignal>();
        services.AddSingleton<DueScheduleFirer>();
        services.AddScoped<ScheduleService>();
        services.AddHostedService<ScheduleFirer>();
        return services;
    }
}
