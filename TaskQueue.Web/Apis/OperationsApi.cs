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
            .RequireAuthorization(AuthorizationPolicies.AdminApiKey).ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapGet("/queues", GetQueues).WithName("GetQueueStats")
            .WithSummary("Broker queue figures")
            .WithDescription("Depth, ready, unacknowledged, consumers and message rates of each queue, from the broker's " +
                "management API; when that API cannot be reached, 200 with `unavailableReason`. Admins only.");
        api.MapGet("/throughput", GetThroughput).WithName("GetThroughput")
            .WithSummary("Tasks ended per 10 s over the last 15 minutes")
            .WithDescription("Finished and failed tasks in each 10-second bucket, from the database. Admins only.");
        api.MapGet("/latency", GetLatency).WithName("GetLatency")
            .WithSummary("Queue wait and run time percentiles")
            .WithDescription("p50, p95 and p99 of queue wait (created to started) and run time (started to ended) over the " +
                "latest 2,000 tasks that ended in the last 15 minutes. Admins only.");
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
