using GraphQL.Types;

namespace TaskQueue.Web.GraphQL;

public sealed class TaskQueueSchema : Schema
{
    public TaskQueueSchema(IServiceProvider services, TaskQueries query, TaskMutations mutation)
        : base(services)
    {
        Query = query;
        Mutation = mutation;
    }
}
