using GraphQL;
using GraphQL.Types;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;
using TaskQueue.Web.GraphQL.Types;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.GraphQL;

// POST /api/tasks, /api/tasks/batch, /cancel, /retry and DELETE, through the same validator,
// rate limiter and TaskService. Where REST answers 400/404/409/429, the field is null and
// the response carries a GraphQL error with the REST message and a code (GraphQLErrors).
public sealed class TaskMutations : ObjectGraphType
{
    public TaskMutations()
    {
        Name = "Mutation";

        Field<TaskType>("createTask")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description("Validates the task, stores it as Queued (or Scheduled, with runAt or delaySeconds) and publishes it to the workers when due. Errors name each invalid field (extensions.field, e.g. input.n).")
            .Argument<NonNullGraphType<TaskInputType>>("task")
            .ResolveAsync(async context =>
            {
                var errors = new InputErrors();
                var request = TaskInputReader.Read(context.GetArgument<object>("task"));
                if (TaskRequestValidator.Validate(request, errors) is not { } newTask || !errors.IsEmpty)
                {
                    context.Errors.AddRange(GraphQLErrors.From(errors));
                    return null;
                }

                var created = await EnqueueAsync(context, [newTask]);
                return created?[0];
            });

        Field<ListGraphType<NonNullGraphType<TaskType>>>("createTasks")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description($"Enqueues 1 to {TaskLimits.MaxBatchSize} tasks, all or nothing: errors name each field by its index (tasks[3].input.code).")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<TaskInputType>>>>("tasks")
            .ResolveAsync(async context =>
            {
                var items = List(context, "tasks");
                var errors = new InputErrors();
                if (items.Count == 0)
                {
                    errors.Add("tasks", $"tasks is required: a list of 1 to {TaskLimits.MaxBatchSize} tasks.");
                }
                else if (items.Count > TaskLimits.MaxBatchSize)
                {
                    errors.Add("tasks", $"A batch holds at most {TaskLimits.MaxBatchSize} tasks (got {items.Count}).");
                }

                var newTasks = errors.IsEmpty
                    ? items.Select((item, index) =>
                        TaskRequestValidator.Validate(TaskInputReader.Read(item), errors, $"tasks[{index}].")).ToList()
                    : new List<NewTask?>();
                if (!errors.IsEmpty)
                {
                    context.Errors.AddRange(GraphQLErrors.From(errors));
                    return null;
                }

                return await EnqueueAsync(context, newTasks!, batchId: Guid.CreateVersion7());
            });

        Field<TaskType>("cancelTask")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description("Asks the task's worker (or the queue) to stop it. CONFLICT when it has already finished or failed.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(context => ActAsync(context, (tasks, id) => tasks.CancelAsync(context.Access(), id, context.CancellationToken)));

        Field<TaskType>("retryTask")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description("Queues a finished, failed or cancelled task again as a new attempt. CONFLICT while it has not ended.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(context => ActAsync(context, (tasks, id) => tasks.RetryAsync(context.Access(), id, context.CancellationToken)));

        Field<ListGraphType<NonNullGraphType<IdGraphType>>>("deleteTasks")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description($"Deletes up to {GraphQLLimits.MaxDeleteIds} tasks (one still in flight is cancelled first) and returns the ids deleted; " +
                "each id not found is a NOT_FOUND error.")
            .Argument<NonNullGraphType<ListGraphType<NonNullGraphType<IdGraphType>>>>("ids")
            .ResolveAsync(async context =>
            {
                var ids = List(context, "ids").Select(id => id?.ToString() ?? "").ToList();
                if (ids.Count > GraphQLLimits.MaxDeleteIds)
                {
                    context.Errors.Add(GraphQLErrors.Invalid("ids", $"ids holds at most {GraphQLLimits.MaxDeleteIds} ids (got {ids.Count})."));
                    return null;
                }

                var tasks = context.Tasks();
                var deleted = new List<Guid>();
                foreach (var id in ids.Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    if (Guid.TryParse(id, out var guid)
                        && (await tasks.DeleteAsync(context.Access(), guid, context.CancellationToken)).Status != TaskActionStatus.NotFound)
                    {
                        deleted.Add(guid);
                    }
                    else
                    {
                        context.Errors.Add(GraphQLErrors.TaskNotFound(id));
                    }
                }

                return deleted;
            });
    }

    private static List<object?> List(IResolveFieldContext context, string argument) =>
        (context.GetArgument<object>(argument) as IEnumerable<object?>)?.ToList() ?? [];

    private static async Task<IReadOnlyList<TaskDto>?> EnqueueAsync(IResolveFieldContext context, IReadOnlyList<NewTask> newTasks, Guid? batchId = null)
    {
        var result = await context.Tasks().EnqueueAsync(context.Access(), newTasks, context.CancellationToken, batchId);
        if (result.RetryAfter is { } retryAfter)
        {
            context.Errors.Add(GraphQLErrors.RateLimited(retryAfter));
            return null;
        }

        return result.Tasks.Select(task => TaskDto.From(task)).ToList();
    }

    private static async Task<object?> ActAsync(IResolveFieldContext context, Func<TaskService, Guid, Task<TaskActionResult>> action)
    {
        var id = context.GetArgument<object>("id")?.ToString();
        var result = Guid.TryParse(id, out var guid) ? await action(context.Tasks(), guid) : TaskActionResult.NotFound;
        switch (result.Status)
        {
            case TaskActionStatus.NotFound:
                context.Errors.Add(GraphQLErrors.TaskNotFound(id ?? ""));
                return null;
            case TaskActionStatus.Conflict:
                context.Errors.Add(GraphQLErrors.NotAllowedNow(result.Reason!));
                return null;
            default:
                return TaskDto.From(result.Task!);
        }
    }
}
