using GraphQL.Types;

namespace TaskQueue.Web.GraphQL.Types;

// The fields of POST /api/tasks. Left as a dictionary (no CLR mapping) so TaskInputReader
// can hand each value to the REST validator as a REST body would.
public sealed class TaskInputType : InputObjectGraphType
{
    public TaskInputType()
    {
        Name = "TaskInput";
        Description = "A task to enqueue: its type (script, fibonacci, simulation or echo), an optional name, its input and attempt budget.";
        Field<NonNullGraphType<StringGraphType>>("type");
        Field<StringGraphType>("name");
        Field<NonNullGraphType<JsonGraphType>>("input").Description("A JSON object; its fields depend on the type.");
        Field<IntGraphType>("maxAttempts");
    }
}
