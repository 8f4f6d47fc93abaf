using System.Text.Json;
using GraphQL.Types;

namespace TaskQueue.Web.GraphQL.Types;

// Any JSON value: a task's input (usually an object passed in variables) and its result.
// In, GraphQL.NET hands over dictionaries, lists and primitives (from variables or a
// literal); resolvers turn them into a JsonElement with JsonValueWriter so the REST API's
// validators see exactly what a REST body would give them. Out, a JsonElement is written
// as it is.
public sealed class JsonGraphType : ComplexScalarGraphType
{
    public JsonGraphType()
    {
        Name = "JSON";
        Description = "Any JSON value: object, array, string, number, boolean or null.";
    }

    public override object? Serialize(object? value) => value is JsonElement { ValueKind: JsonValueKind.Null } ? null : value;
}
