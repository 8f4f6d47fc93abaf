using GraphQL.Types;

namespace TaskQueue.Web.GraphQL.Types;

// The fields of POST /api/tasks. Left as a dictionary (no CLR mapping) so TaskInputReader
// can hand each value to the REST validator as a REST body would.
public sealed class TaskInputType : InputObjectGraphType
{
    public TaskInputType()
    {
        Name = "TaskInput";
        Description = "A task to enqueue: its type (script, fibonacci, simulation or echo), an optional name, its input and attempt budget, when to run it and its priority.";
        Field<NonNullGraphType<StringGraphType>>("type");
        Field<StringGraphType>("name");
        Field<NonNullGraphType<JsonGraphType>>("input").Description("A JSON object; its fields depend on the type.");
        Field<IntGraphType>("maxAttempts");
        // Text, as on REST, so that a malformed time gets the REST message naming the format.
        Field<StringGraphType>("runAt").Description("An ISO-8601 time in UTC (e.g. 2026-12-01T21:30:00Z): the task is Scheduled until then. Not with delaySeconds.");
        Field<FloatGraphType>("delaySeconds").Description("Seconds from now: the task is Scheduled until then. Not with runAt.");
        Field<StringGraphType>("priority").Description("high, normal (the default) or low: high tasks are taken first, low ones last.");
    }
}
