using System.Text.Json;
using TaskQueue.Web.Apis;

namespace TaskQueue.Web.GraphQL;

// A TaskInput argument as the REST API's CreateTaskRequest, so TaskRequestValidator checks
// it with the same rules and messages.
public static class TaskInputReader
{
    private static readonly JsonElement s_notAnObject = JsonDocument.Parse("\"\"").RootElement.Clone();

    public static CreateTaskRequest? Read(object? argument)
    {
        if (argument is not IDictionary<string, object?> fields)
        {
            return null;
        }

        JsonElement? input = null;
        if (fields.TryGetValue("input", out var value) && value is not null)
        {
            try
            {
                input = JsonValueWriter.ToJsonElement(value);
            }
            catch (Exception exception) when (exception is JsonException or ArgumentException or InvalidOperationException)
            {
                // A value JSON cannot hold (an infinite number, a lone surrogate): not an object,
                // so the validator says "input must be a JSON object." as it would on REST.
                input = s_notAnObject;
            }
        }

        return new CreateTaskRequest(
            fields.TryGetValue("type", out var type) ? type as string : null,
            fields.TryGetValue("name", out var name) ? name as string : null,
            input,
            fields.TryGetValue("maxAttempts", out var maxAttempts) ? maxAttempts as int? : null,
            TimeoutSeconds: null,
            fields.TryGetValue("runAt", out var runAt) ? runAt as string : null,
            fields.TryGetValue("delaySeconds", out var delaySeconds) ? ToDouble(delaySeconds) : null,
            fields.TryGetValue("priority", out var priority) ? priority as string : null);
    }

    // A Float argument arrives as whatever number type its literal or variable parsed to.
    private static double? ToDouble(object? value) => value switch
    {
        double number => number,
        int number => number,
        long number => number,
        decimal number => (double)number,
        _ => null,
    };
}
