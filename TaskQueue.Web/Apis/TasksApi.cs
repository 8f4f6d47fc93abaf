using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

public static class TasksApi
{
    public static IEndpointRouteBuilder MapTasksApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/tasks").WithTags("Tasks");

        // Summaries, descriptions and the status codes a handler's return type does not show
        // (409 and 429 are ProblemHttpResult, 413 comes from Kestrel's body limit) are for
        // the OpenAPI document; the handlers below are what the API actually does.
        api.MapPost("/", CreateTask).WithName("CreateTask")
            .WithSummary("Enqueue a task")
            .WithDescription("Validates the task, stores it as Queued and publishes it to the workers; with `runAt` or `delaySeconds` " +
                "it is stored as Scheduled and published when due. " +
                "Answers 202 with the task and its URL in Location. Each invalid field is named in the 400's `errors` " +
                "(e.g. `input.n`). Non-admin users are limited to a rate of tasks per second: beyond it, 429 with Retry-After.")
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapPost("/batch", CreateTaskBatch).WithName("CreateTaskBatch")
            .WithSummary("Enqueue up to 1,000 tasks at once")
            .WithDescription($"All or nothing: if any task is invalid none is stored, and the 400 names each field by its " +
                $"index (e.g. `tasks[3].input.code`). A batch counts as {TaskLimits.MaxBatchSize} at most against the rate limit. " +
                "Answers 202 with the tasks' ids and a `batchId`: the batch is followed, cancelled and retried as one under /api/batches/{batchId}.")
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapGet("/", ListTasks).WithName("ListTasks")
            .WithSummary("List tasks, filtered, sorted and paged")
            .WithDescription("Users see their own tasks, admins everyone's. " +
                "`search` is an id or part of the name; `batchId` keeps one batch's tasks; `sort` is one of CreatedAt, Name, Type, Status, FinishedAt " +
                "(by default newest first for the dates, ascending otherwise). Each invalid parameter is named in the 400's `errors`.");
        api.MapGet("/{id:guid}", GetTask).WithName("GetTask")
            .WithSummary("Get a task with its attempt history")
            .WithDescription("Another user's task is 404, as if it did not exist.");
        api.MapPost("/{id:guid}/cancel", CancelTask).WithName("CancelTask")
            .WithSummary("Cancel a scheduled, queued or running task")
            .WithDescription("A Scheduled task is Cancelled at once and never runs. Otherwise asks the task's worker (or the queue) " +
                "to stop it; the task ends as Cancelled. Cancelling a task " +
                "that is already cancelled or cancelling is accepted again; 409 when it has already finished or failed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapPost("/{id:guid}/retry", RetryTask).WithName("RetryTask")
            .WithSummary("Run an ended task again")
            .WithDescription("Queues a finished, failed or cancelled task again as a new attempt, with a fresh attempt budget. " +
                "409 while it has not ended.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        api.MapDelete("/{id:guid}", DeleteTask).WithName("DeleteTask")
            .WithSummary("Delete a task")
            .WithDescription("Removes the task and its history; a task still in flight is cancelled first.");

        app.MapGet("/api/stats", GetStats).WithTags("Tasks").WithName("GetStats")
            .WithSummary("Count tasks by status")
            .WithDescription("One property per status that has tasks, plus `total`; users count their own tasks, admins everyone's.");
        return app;
    }

    public static async Task<Results<Accepted<TaskDto>, ValidationProblem, ProblemHttpResult>> CreateTask(
        CreateTaskRequest? request, TaskService tasks, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (TaskRequestValidator.Validate(request, errors) is not { } newTask)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await tasks.EnqueueAsync(TaskAccess.From(user), [newTask], cancellationToken);
        if (result.RetryAfter is { } retryAfter)
        {
            return TooManyRequests(response, retryAfter);
        }

        var created = result.Tasks[0];
        return TypedResults.Accepted($"/api/tasks/{created.Id}", TaskDto.From(created));
    }

    public static async Task<Results<Accepted<CreateTaskBatchResponse>, ValidationProblem, ProblemHttpResult>> CreateTaskBatch(
        CreateTaskBatchRequest? request, TaskService tasks, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (request?.Tasks is not { Count: > 0 } items)
        {
            errors.Add("tasks", $"tasks is required: a list of 1 to {TaskLimits.MaxBatchSize} tasks.");
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        if (items.Count > TaskLimits.MaxBatchSize)
        {
            errors.Add("tasks", $"A batch holds at most {TaskLimits.MaxBatchSize} tasks (got {items.Count}).");
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var newTasks = items.Select((item, index) => TaskRequestValidator.Validate(item, errors, $"tasks[{index}].")).ToList();
        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var batchId = Guid.CreateVersion7();
        var result = await tasks.EnqueueAsync(TaskAccess.From(user), newTasks!, cancellationToken, batchId);
        return result.RetryAfter is { } retryAfter
            ? TooManyRequests(response, retryAfter)
            : TypedResults.Accepted($"/api/batches/{batchId}", new CreateTaskBatchResponse(result.Tasks.Select(task => task.Id).ToList(), batchId));
    }

    public static async Task<Results<Ok<TaskPageDto>, ValidationProblem>> ListTasks(
        TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken,
        string? status = null, string? type = null, string? search = null,
        int page = 1, int pageSize = 50, string? sort = null, bool? descending = null, Guid? batchId = null)
    {
        var errors = new InputErrors();
        var statusFilter = TaskListFilter.Check(status, page, pageSize, errors);
        var sortBy = TaskSort.CreatedAt;
        if (!string.IsNullOrWhiteSpace(sort) && (!Enum.TryParse(sort, ignoreCase: true, out sortBy) || int.TryParse(sort, out _)))
        {
            errors.Add("sort", $"Unknown sort '{sort}': use one of {string.Join(", ", Enum.GetNames<TaskSort>())}.");
        }

        if (!errors.IsEmpty)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var result = await tasks.ListAsync(
            TaskAccess.From(user),
            new TaskQuery(statusFilter, type, search, page, pageSize, sortBy, descending ?? sortBy is TaskSort.CreatedAt or TaskSort.FinishedAt, batchId),
            cancellationToken);
        return TypedResults.Ok(new TaskPageDto(result.Items.Select(task => TaskDto.From(task)).ToList(), result.Total, result.Page, result.PageSize));
    }

    public static async Task<Results<Ok<TaskDto>, NotFound>> GetTask(Guid id, TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await tasks.FindAsync(TaskAccess.From(user), id, cancellationToken) is { } task
            ? TypedResults.Ok(TaskDto.From(task, withAttempts: true))
            : TypedResults.NotFound();

    public static async Task<Results<Accepted<TaskDto>, NotFound, ProblemHttpResult>> CancelTask(
        Guid id, TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await tasks.CancelAsync(TaskAccess.From(user), id, cancellationToken));

    public static async Task<Results<Accepted<TaskDto>, NotFound, ProblemHttpResult>> RetryTask(
        Guid id, TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await tasks.RetryAsync(TaskAccess.From(user), id, cancellationToken));

    public static async Task<Results<NoContent, NotFound>> DeleteTask(Guid id, TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        (await tasks.DeleteAsync(TaskAccess.From(user), id, cancellationToken)).Status == TaskActionStatus.NotFound
            ? TypedResults.NotFound()
            : TypedResults.NoContent();

    public static async Task<Ok<Dictionary<string, int>>> GetStats(TaskService tasks, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var counts = await tasks.CountByStatusAsync(TaskAccess.From(user), cancellationToken);
        var body = counts.ToDictionary(pair => pair.Key.ToString(), pair => pair.Value);
        body["total"] = counts.Values.Sum();
        return TypedResults.Ok(body);
    }

    private static ProblemHttpResult TooManyRequests(HttpResponse response, TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        return TypedResults.Problem(
            $"Too many tasks enqueued: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
    }

    private static Results<Accepted<TaskDto>, NotFound, ProblemHttpResult> ToResult(TaskActionResult result) => result.Status switch
    {
        TaskActionStatus.NotFound => TypedResults.NotFound(),
        TaskActionStatus.Conflict => TypedResults.Problem(result.Reason, statusCode: StatusCodes.Status409Conflict, title: "Conflict"),
        _ => TypedResults.Accepted($"/api/tasks/{result.Task!.Id}", TaskDto.From(result.Task)),
    };
}
