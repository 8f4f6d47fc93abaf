using System.Text.Json;

namespace TaskQueue.Messaging.Tasks;

// Parses and checks a task's input for its type. Returns the typed input, or the errors
// naming each offending field (prefixed, e.g. "input.n" or "tasks[3].input.n").
public static class TaskInputValidator
{
    // Lenient on absence (each input reports its own missing fields by name), strict on types.
    private static readonly JsonSerializerOptions s_options = new(JsonSerializerDefaults.Web)
    {
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.Strict,
    };

    public static object? Validate(string type, JsonElement input, InputErrors errors, string prefix = "input")
    {
        if (input.ValueKind != JsonValueKind.Object)
        {
            errors.Add(prefix, "input must be a JSON object.");
            return null;
        }

        return type switch
        {
            TaskTypes.Script => Parse<ScriptInput>(input, errors, prefix, (value, e, p) => value.Validate(e, p)),
            TaskTypes.Fibonacci => Parse<FibonacciInput>(input, errors, prefix, (value, e, p) => value.Validate(e, p)),
            TaskTypes.Simulation => Parse<SimulationInput>(input, errors, prefix, (value, e, p) => value.Validate(e, p)),
            TaskTypes.Echo => Parse<EchoInput>(input, errors, prefix, (value, e, p) => value.Validate(e, p)),
            _ => null,
        };
    }

    private static T? Parse<T>(JsonElement input, InputErrors errors, string prefix, Action<T, InputErrors, string> validate)
        where T : class
    {
        T? value;
        try
        {
            value = input.Deserialize<T>(s_options);
        }
        catch (JsonException exception)
        {
            var field = exception.Path is { Length: > 2 } path ? prefix + path[1..] : prefix;
            errors.Add(field, $"{Describe(field)} has the wrong type or is missing.");
            return null;
        }

        if (value is null)
        {
            errors.Add(prefix, "input is required.");
            return null;
        }

        validate(value, errors, prefix);
        return errors.IsEmpty ? value : null;
    }

    private static string Describe(string field) => field[(field.LastIndexOf('.') + 1)..];
}
