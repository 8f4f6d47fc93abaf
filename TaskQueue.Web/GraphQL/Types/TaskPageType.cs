using GraphQL.Types;
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
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TaskType>>>>("items").Resolve(context => context.Source.Items);
    }
}
