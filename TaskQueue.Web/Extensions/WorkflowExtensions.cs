using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Extensions;

internal static class WorkflowExtensions
{
    // Chains, groups and chords of tasks: the service the API and UI use, and the loop (on
    // every replica) that releases waiting steps and records how each workflow ended.
    public static IServiceCollection AddWorkflows(this IServiceCollection services)
    {
        services.AddSingleton<WorkflowSignal>();
        services.AddSingleton<WorkflowTransitions>();
        services.AddScoped<WorkflowService>();
        services.AddHostedService<WorkflowAdvancer>();
        return services;
    }
}
