using GraphQL.Types;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.GraphQL.Types;

// GET /api/stats: the count of each status (camel-cased field names) and the total.
public sealed class TaskStatsType : ObjectGraphType<IReadOnlyDictionary<TaskItemStatus, int>>
{
    public TaskStatsType()
    {
        Name = "TaskStats";
        Description = "Tasks counted by status: users count their own, admins everyone's.";
        Field<NonNullGraphType<IntGraphType>>("total").Resolve(context => context.Source.Values.Sum());
        foreach (var status in Enum.GetValues<TaskItemStatus>())
        {
            var name = status.ToString();
            Field<NonNullGraphType<IntGraphType>>(char.ToLowerInvariant(name[0]) + name[1..])
                .Resolve(context => context.Source.GetValueOrDefault(status));
        }
    }
}
