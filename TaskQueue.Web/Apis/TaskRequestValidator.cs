using System.Text.Json;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Apis;

// Turns a request into a NewTask, or into errors naming each offending field.
public static class TaskRequestValidator
{
    public static NewTask? Validate(CreateTaskRequest? request, InputErrors errors, string prefix = "")
    {
        if (request is null)
        {
            errors.Add(prefix.Length == 0 ? "body" : prefix.TrimEnd('.'), "A task object is required.");
            return null;
        }

        var type = request.Type?.Trim();
        if (string.IsNullOrEmpty(type))
        {
            errors.Add($"{prefix}type", $"type is required: one of {string.Join(", ", TaskTypes.All)}.");
        }
        else if (!TaskTypes.All.Contains(type))
        {
            errors.Add($"{prefix}type", $"Unknown type '{type}': use one of {string.Join(", ", TaskTypes.All)}.");
        }

        if (request.Name is { Length: > TaskLimits.MaxNameLength })
        {
            errors.Add($"{prefix}name", $"name must be at most {TaskLimits.MaxNameLength} characters.");
        }

        if (request.MaxAttempts is < TaskLimits.MinAttempts or > TaskLimits.MaxAttempts)
        {
            errors.Add($"{prefix}maxAttempts", $"maxAttempts must be from {TaskLimits.MinAttempts} to {TaskLimits.MaxAttempts}.");
        }

        if (request.TimeoutSeconds is < TaskLimits.MinTimeoutSeconds or > TaskLimits.MaxTimeoutSeconds)
        {
            errors.Add($"{prefix}timeoutSeconds", $"timeoutSeconds must be from {TaskLimits.MinTimeoutSeconds} to {TaskLimits.MaxTimeoutSeconds}.");
        }

        var (runAt, delay) = TaskStartValidator.Validate(request.RunAt, request.DelaySeconds, errors, prefix);
        var priority = TaskPriorityParser.Parse(request.Priority, errors, prefix);

        var input = request.Input is { ValueKind: not JsonValueKind.Null } given ? given : default;
        object? parsed = null;
        if (input.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add($"{prefix}input", "input is required (a JSON object).");
        }
        else if (type is not null && TaskTypes.All.Contains(type))
        {
            parsed = TaskInputValidator.Validate(type, input, errors, $"{prefix}input");
        }

        if (!errors.IsEmpty || parsed is null)
        {
            return null;
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? DefaultName(type!, input) : request.Name.Trim();
        var timeout = request.TimeoutSeconds ?? TaskTypes.DefaultTimeoutSeconds(type!, parsed as SimulationInput);
        return new NewTask(type!, name, input, request.MaxAttempts ?? TaskLimits.DefaultMaxAttempts, timeout, runAt, delay, priority);
    }

    private static string DefaultName(string type, JsonElement input) => type switch
    {
        TaskTypes.Fibonacci when input.TryGetProperty("n", out var n) => $"fibonacci({n.GetRawText()})",
        _ => type,
    };
}
