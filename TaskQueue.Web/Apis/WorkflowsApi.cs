using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;
using TaskQueue.Web.Services.Workflows;

namespace TaskQueue.Web.Apis;

public static class WorkflowsApi
{
    public static IEndpointRouteBuilder MapWorkflowsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/workflows").WithTags("Workflows");

        api.MapPost("/", CreateWorkflow).WithName("CreateWorkflow")
            .WithSummary("Start a workflow: a chain, group or chord of tasks")
            .WithDescription($"`kind` is `chain` (each step runs after the one before and gets its result as `previous`), " +
                $"`group` (all steps at once; the result is the array of their results) or `chord` (a group, then `callback`, " +
                $"which gets the group's results in order as `results`). 1 to {WorkflowRequestValidator.MaxSteps} tasks, each " +
                "checked as POST /api/tasks checks one; runAt and delaySeconds are not allowed on steps. Answers 202 with the " +
                "workflow's id and its tasks' ids in step order (a chord's callback last). Each invalid field is named in the " +
                "400's `errors` (e.g. `tasks[1].input.n`, `callback`). Counts against the rate limit as its number of tasks.")
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", ListWorkflows).WithName("ListWorkflows")
            .WithSummary("List workflows, newest first, paged")
            .WithDescription("Users see their own workflows, admins everyone's. Each invalid parameter is named in the 400's `errors`.");
        api.MapGet("/{id:guid}", GetWorkflow).WithName("GetWorkflow")
            .WithSummary("Get a workflow with its steps' live statuses")
            .WithDescription("The result is the last chain step's result, the chord callback's result or the group's array of " +
                "results, once the workflow is Finished. When a step fails after its retries the workflow is Failed (`error` " +
                "names the step) and its Pending steps are Cancelled. Another user's workflow is 404, as if it did not exist.");
        api.MapPost("/{id:guid}/cancel", CancelWorkflow).WithName("CancelWorkflow")
            .WithSummary("Cancel a workflow and all of its steps")
            .WithDescription("Pending steps are Cancelled at once and never run; queued and running steps are asked to stop, as " +
                "POST /api/tasks/{id}/cancel asks. Cancelling a cancelled workflow is accepted again; 409 when it has already " +
                "finished or failed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    public static async Task<Results<Accepted<CreateWorkflowResponse>, ValidationProblem, ProblemHttpResult>> CreateWorkflow(
        CreateWorkflowRequest? request, WorkflowService workflows, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (WorkflowRequestValidator.Validate(request, errors) is not { } newWorkflow)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await workflows.CreateAsync(TaskAccess.From(user), newWorkflow, cancellationToken);
        if (result.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"Too many tasks enqueued: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }

        var id = result.Workflow!.Id;
        return TypedResults.Accepted($"/api/workflows/{id}", new CreateWorkflowResponse(id, result.TaskIds));
    }

    public static async Task<Results<Ok<WorkflowPageDto>, ValidationProblem>> ListWorkflows(
        WorkflowService workflows, ClaimsPrincipal user, CancellationToken cancellationToken, int page = 1, int pageSize = 50)
    {
        var errors = new InputErrors();
        TaskListFilter.Check(null, page, pageSize, errors);
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = await workflows.ListAsync(TaskAccess.From(user), page, pageSize, cancellationToken);
        return TypedResults.Ok(new WorkflowPageDto(items.Select(workflow => WorkflowDto.From(workflow)).ToList(), total, page, pageSize));
    }

    public static async Task<Results<Ok<WorkflowDto>, NotFound>> GetWorkflow(
        Guid id, WorkflowService workflows, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await workflows.FindAsync(TaskAccess.From(user), id, cancellationToken) is { } view
            ? TypedResults.Ok(WorkflowDto.From(view))
            : TypedResults.NotFound();

    public static async Task<Results<Accepted<WorkflowDto>, NotFound, ProblemHttpResult>> CancelWorkflow(
        Guid id, WorkflowService workflows, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var result = await workflows.CancelAsync(TaskAccess.From(user), id, cancellationToken);
        return result.Status switch
        {
            TaskActionStatus.NotFound => TypedResults.NotFound(),
            TaskActionStatus.Conflict => TypedResults.Problem(result.Reason, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
            _ => TypedResults.Accepted($"/api/workflows/{id}", WorkflowDto.From(result.Workflow!)),
        };
    }
}
