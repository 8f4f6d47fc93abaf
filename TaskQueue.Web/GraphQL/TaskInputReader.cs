using System.Text.Json;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;

namespace TaskQueue.Web.GraphQL;

// A TaskInput argument as the REST API's CreateTaskRequest, so TaskRequestValidator checks
// it with the same rules and messages.
public static class TaskInputReader
{
    public static CreateTaskRequest? Read(object? argument, InputErrors errors, string prefix)
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
                errors.Add($"{prefix}input", "input must be a JSON object.");
            }
        }

        return new CreateTaskRequest(
            fields.TryGetValue("type", out var type) ? type as string : null,
            fields.TryGetValue("name", out var name) ? name as string : null,
            input,
            fields.TryGetValue("maxAttempts", out var maxAttempts) ? maxAttempts as int? : null,
            TimeoutSeconds: null);
    }
}
