using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Security;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Apis;

public static class SchedulesApi
{
    public static IEndpointRouteBuilder MapSchedulesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/schedules").WithTags("Schedules");

        api.MapPost("/", CreateSchedule).WithName("CreateSchedule")
            .WithSummary("Create a recurring schedule")
            .WithDescription("`cron` has 5 fields (minute first) or 6 (seconds first), read in `timeZone` (an IANA id, UTC by default). " +
                "Each occurrence creates one task from `task` (the body of POST /api/tasks, without runAt or delaySeconds), exactly once " +
                "however many web replicas run. `missedRuns` says what happens to occurrences missed while nothing could fire them: " +
                "`runOnce` (the default) runs one task for them, `skip` runs none. Answers 201 with the schedule and its next occurrences; " +
                "each invalid field is named in the 400's `errors` (e.g. `cron`, `task.input.n`).")
            .ProducesValidationProblem(StatusCodes.Status413PayloadTooLarge);
        api.MapGet("/", ListSchedules).WithName("ListSchedules")
            .WithSummary("List schedules")
            .WithDescription("Newest first, each with its next 5 occurrences. Users see their own schedules, admins everyone's.");
        api.MapGet("/{id:guid}", GetSchedule).WithName("GetSchedule")
            .WithSummary("Get a schedule with its latest runs")
            .WithDescription($"`recentRuns` lists its latest {ScheduleService.RecentRunCount} tasks, newest first (`occurrenceAt` is null " +
                "for a run triggered by hand). Another user's schedule is 404, as if it did not exist.");
        api.MapPost("/{id:guid}/pause", PauseSchedule).WithName("PauseSchedule")
            .WithSummary("Pause a schedule")
            .WithDescription("No occurrence fires while paused. Pausing a paused schedule changes nothing.");
        api.MapPost("/{id:guid}/resume", ResumeSchedule).WithName("ResumeSchedule")
            .WithSummary("Resume a paused schedule")
            .WithDescription("Fires again from the next occurrence after now; occurrences that passed while paused are not run. " +
                "Resuming an active schedule changes nothing.");
        api.MapPost("/{id:guid}/trigger", TriggerSchedule).WithName("TriggerSchedule")
            .WithSummary("Run a schedule's task now")
            .WithDescription("Queues one task from the schedule at once, paused or not, besides its occurrences; answers 202 with the task. " +
                "Counts against the per-user rate of tasks, like POST /api/tasks (429 with Retry-After beyond it).")
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
        api.MapDelete("/{id:guid}", DeleteSchedule).WithName("DeleteSchedule")
            .WithSummary("Delete a schedule")
            .WithDescription("No occurrence fires after it; the tasks it already created stay.");
        return app;
    }

    public static async Task<Results<Created<ScheduleDto>, ValidationProblem>> CreateSchedule(
        CreateScheduleRequest? request, ScheduleService schedules, TimeProvider timeProvider, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        var errors = new InputErrors();
        if (ScheduleRequestValidator.Validate(request, timeProvider.GetUtcNow(), errors) is not { } newSchedule)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var created = await schedules.CreateAsync(TaskAccess.From(user), newSchedule, cancellationToken);
        return TypedResults.Created($"/api/schedules/{created.Id}", ScheduleDto.From(created));
    }

    public static async Task<Ok<List<ScheduleDto>>> ListSchedules(ScheduleService schedules, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        TypedResults.Ok((await schedules.ListAsync(TaskAccess.From(user), cancellationToken)).Select(schedule => ScheduleDto.From(schedule)).ToList());

    public static async Task<Results<Ok<ScheduleDto>, NotFound>> GetSchedule(
        Guid id, ScheduleService schedules, ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (await schedules.FindAsync(TaskAccess.From(user), id, cancellationToken) is not { } schedule)
        {
            return TypedResults.NotFound();
        }

        var runs = await schedules.RecentRunsAsync([id], ScheduleService.RecentRunCount, cancellationToken);
        return TypedResults.Ok(ScheduleDto.From(schedule, runs[id]));
    }

    public static async Task<Results<Ok<ScheduleDto>, NotFound>> PauseSchedule(
        Guid id, ScheduleService schedules, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await schedules.PauseAsync(TaskAccess.From(user), id, cancellationToken));

    public static async Task<Results<Ok<ScheduleDto>, NotFound>> ResumeSchedule(
        Guid id, ScheduleService schedules, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        ToResult(await schedules.ResumeAsync(TaskAccess.From(user), id, cancellationToken));

    public static async Task<Results<Accepted<TaskDto>, NotFound, ProblemHttpResult>> TriggerSchedule(
        Guid id, ScheduleService schedules, ClaimsPrincipal user, HttpResponse response, CancellationToken cancellationToken)
    {
        var result = await schedules.TriggerAsync(TaskAccess.From(user), id, cancellationToken);
        if (result is null)
        {
            return TypedResults.NotFound();
        }

        if (result.RetryAfter is { } retryAfter)
        {
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            return TypedResults.Problem(
                $"Too many tasks enqueued: try again in {seconds} s.", statusCode: StatusCodes.Status429TooManyRequests, title: "Too many requests");
        }

        var task = result.Tasks[0];
        return TypedResults.Accepted($"/api/tasks/{task.Id}", TaskDto.From(task));
    }

    public static async Task<Results<NoContent, NotFound>> DeleteSchedule(
        Guid id, ScheduleService schedules, ClaimsPrincipal user, CancellationToken cancellationToken) =>
        await schedules.DeleteAsync(TaskAccess.From(user), id, cancellationToken) ? TypedResults.NoContent() : TypedResults.NotFound();

    private static Results<Ok<ScheduleDto>, NotFound> ToResult(Data.Model.Schedule? schedule) =>
        schedule is null ? TypedResults.NotFound() : TypedResults.Ok(ScheduleDto.From(schedule));
}
