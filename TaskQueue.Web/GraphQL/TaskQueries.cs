using GraphQL;
using GraphQL.Types;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;
using TaskQueue.Web.GraphQL.Types;

namespace TaskQueue.Web.GraphQL;

// GET /api/tasks, GET /api/tasks/{id} and GET /api/stats, through the same TaskService:
// a key sees its user's tasks (an admin's, everyone's).
public sealed class TaskQueries : ObjectGraphType
{
    public TaskQueries()
    {
        Name = "Query";

        Field<TaskPageType>("tasks")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .Description("Tasks, newest first. search is an id or part of the name.")
            .Argument<StringGraphType>("status")
            .Argument<StringGraphType>("type")
            .Argument<StringGraphType>("search")
            .Argument<IntGraphType>("page", argument => argument.DefaultValue = 1)
            .Argument<IntGraphType>("pageSize", argument => argument.DefaultValue = 50)
            .ResolveAsync(async context =>
            {
                var errors = new InputErrors();
                if (TaskListArguments.Read(context, errors) is not { } query)
                {
                    context.Errors.AddRange(GraphQLErrors.From(errors));
                    return null;
                }

                var page = await context.Tasks().ListAsync(context.Access(), query, context.CancellationToken);
                return new TaskPageDto(page.Items.Select(task => TaskDto.From(task)).ToList(), page.Total, page.Page, page.PageSize);
            });

        Field<TaskType>("task")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            // An id that is not a GUID names no task, as a malformed id in a REST URL is a 404.
            .Description("One task, or null when there is none with this id that the caller may see.")
            .Argument<NonNullGraphType<IdGraphType>>("id")
            .ResolveAsync(async context =>
                Guid.TryParse(context.GetArgument<object>("id")?.ToString(), out var id)
                    && await context.Tasks().FindAsync(context.Access(), id, context.CancellationToken) is { } task
                    ? TaskDto.From(task)
                    : null);

        Field<NonNullGraphType<TaskStatsType>>("stats")
            .WithComplexityImpact(GraphQLLimits.DatabaseFieldImpact)
            .ResolveAsync(async context => await context.Tasks().CountByStatusAsync(context.Access(), context.CancellationToken));
    }
}
