using GraphQL;
using GraphQL.Types;
using GraphQL.Validation.Complexity;
using TaskQueue.Web.Apis;

namespace TaskQueue.Web.GraphQL.Types;

public sealed class TaskPageType : ObjectGraphType<TaskPageDto>
{
    public TaskPageType()
    {
        Name = "TaskPage";
        Description = "One page of tasks, newest first, and how many match in all.";
        Field<NonNullGraphType<IntGraphType>>("total").Resolve(context => context.Source.Total);
        Field<NonNullGraphType<IntGraphType>>("page").Resolve(context => context.Source.Page);
        Field<NonNullGraphType<IntGraphType>>("pageSize").Resolve(context => context.Source.PageSize);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TaskType>>>>("items")
            // Costed by the rows asked for, not a guess: a page of 500 weighs ten times one of 50.
            .WithComplexityImpact(context => new FieldComplexityResult(context.Configuration.DefaultObjectImpact, RequestedPageSize(context)))
            .Resolve(context => context.Source.Items);
    }

    // The parent tasks field's pageSize (50 when absent or not yet known to be valid; an
    // invalid one is refused by the resolver anyway).
    private static double RequestedPageSize(FieldImpactContext context) =>
        context.Parent?.Arguments?.TryGetValue("pageSize", out var pageSize) == true && pageSize.Value is int rows
            ? Math.Clamp(rows, 1, TaskListFilter.MaxPageSize)
            : 50;
}
