using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Web.Extensions;

internal static class OperationsExtensions
{
    public static IServiceCollection AddOperationsServices(this IServiceCollection services)
    {
        services.AddScoped<OperationsStatistics>();
        services.AddSingleton<QueueStatsReader>();
        services.AddHttpClient(QueueStatsReader.HttpClientName);
        return services;
    }
}
