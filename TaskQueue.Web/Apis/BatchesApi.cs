using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

// Batches (the tasks of one POST /api/tasks/batch) followed, cancelled and retried as one.
public static class BatchesApi
{
    public static IEndpointRouteBuilder MapBatchesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/batches").WithTags("Batches");

        api.MapGet("/", ListBatches).WithName("ListBatches")
            .WithSummary("List batches, newest first")
            .WithDescription("Each batch with its tasks counted by status. Users see their own batches, admins everyone's.");
        api.MapGet("/{id:guid}", GetBatch).WithName("GetBatch")
            .WithSummary("Get a batch's progress")
            .WithDescription("How many of the batch's tasks finished, failed, were cancelled or are still in flight, and the batch's status: " +
                "Running while any task is in flight, then Failed if any failed, Cancelled if any was cancelled, else Finished. " +
                "Its tasks: GET /api/tasks?batchId={id}. Another user's batch is 404.");
        api.MapPost("/{id:guid}/cancel", CancelBatch).WithName("CancelBatch")
            .WithSummary("Cancel every task of the batch that has not ended")
            .WithDescription("Scheduled tasks are Cancelled at once; queued and running ones are asked to stop and end as Cancelled. " +
                "Tasks that already ended are kept. Cancelling again is accepted.");
        api.MapPost("/{id:guid}/retry", RetryBatch).WithName("RetryBatch")
            .WithSummary("Run the batch's failed and cancelled tasks again")
            .WithDescription("Each failed or cancelled task of the batch is queued again as a new attempt with a fresh attempt budget; " +
                "finished tasks keep their results and tasks still in flight are left alone.");
        return app;
    }

    public static async Task<Results<Ok<BatchPageDto>, ValidationProblem>> ListBatches(
        BatchService batches, ClaimsPrincipal user, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        var errors = new InputErrors();
        TaskListFilter.Check(status: null, page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await batches.ListAsync(TaskAccess.From(user), page, pageSize, cancellationToken);
        return TypedResults.Ok(new BatchPageDto(result.Items.Select(BatchDto.From).ToList(), result.Total, result.Page, result.PageSize));
    }

    public static async Task<Results<Ok<BatchDto>, NotFound>> GetBatch(Guid id, BatchService batches, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await batches.FindAsync(TaskAccess.From(user), id, cancellationToken) is { } batch ? TypedResults.Ok(BatchDto.From(batch)) : TypedResults.NotFound();

    public static async Task<Results<Accepted<BatchDto>, NotFound>> CancelBatch(Guid id, BatchService batches, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Accepted(id, await batches.CancelAsync(TaskAccess.From(user), id, cancellationToken));

    public static async Task<Results<Accepted<BatchDto>, NotFound>> RetryBatch(Guid id, BatchService batches, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        Accepted(id, await batches.RetryAsync(TaskAccess.From(user), id, cancellationToken));

    private static Results<Accepted<BatchDto>, NotFound> Accepted(Guid id, BatchSummary? batch) =>
        batch is null ? TypedResults.NotFound() : TypedResults.Accepted($"/api/batches/{id}", BatchDto.From(batch));
}
