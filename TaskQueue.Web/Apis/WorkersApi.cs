using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

public static class WorkersApi
{
    public static IEndpointRouteBuilder MapWorkersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/workers", ListWorkers).WithTags("Workers").WithName("ListWorkers")
            .WithSummary("List every worker heard from")
            .WithDescription("Each worker's state (Alive, or Lost after 15 s without a heartbeat), the tasks it is running, " +
                "and how many it has processed and failed. Admins only.")
            .RequireAuthorization(AuthorizationPolicies.AdminApiKey).ProducesProblem(StatusCodes.Status403Forbidden);
        return app;
    }

    public static Ok<IReadOnlyList<WorkerDto>> ListWorkers(WorkerRegistry registry) =>
        TypedResults.Ok<IReadOnlyList<WorkerDto>>(registry.List().Select(WorkerDto.From).ToList());
}

public sealed record WorkerDto(
    string WorkerId, string Host, int ProcessId, WorkerState State, DateTimeOffset StartedAt, DateTimeOffset LastHeartbeat,
    int Concurrency, IReadOnlyList<Guid> RunningTaskIds, long Processed, long Failed)
{
    public static WorkerDto From(WorkerStatus status) => new(
        status.Last.WorkerId, status.Last.Host, status.Last.ProcessId, status.State, status.Last.StartedAt, status.Last.OccurredAt,
        status.Last.Concurrency, status.Last.RunningTaskIds, status.Last.Processed, status.Last.Failed);
}
