using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Web.Apis;

// What the Operations page shows, for scripts and monitoring. Workers and dead letters have
// their own groups (/api/workers, /api/dead-letters).
public static class OperationsApi
{
    public static IEndpointRouteBuilder MapOperationsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/operations").WithTags("Operations")
            .RequireAuthorization(AuthorizationPolicies.AdminApiKey);

        api.MapGet("/queues", GetQueues).WithName("GetQueueStats");
        api.MapGet("/throughput", GetThroughput).WithName("GetThroughput");
        api.MapGet("/latency", GetLatency).WithName("GetLatency");
        return app;
    }

    // 200 either way: a broker without the management API is a state to report, not an error.
    public static async Task<Ok<QueueStatsSnapshot>> GetQueues(QueueStatsReader reader) =>
        TypedResults.Ok(await reader.ReadAsync());

    public static async Task<Ok<IReadOnlyList<ThroughputPoint>>> GetThroughput(OperationsStatistics statistics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await statistics.ThroughputAsync(cancellationToken));

    public static async Task<Ok<LatencySummary>> GetLatency(OperationsStatistics statistics, CancellationToken cancellationToken) =>
        TypedResults.Ok(await statistics.LatencyAsync(cancellationToken));
}
