using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;

namespace TaskQueue.Web.OpenApi;

// CreateTaskRequest's properties are all nullable so TaskRequestValidator can name a missing
// one; the schema says what the validator really requires, and the limits it checks.
internal sealed class CreateTaskRequestSchemaTransformer : IOpenApiSchemaTransformer
{
    private static readonly Dictionary<string, string> s_descriptions = new()
    {
        ["type"] = $"Required: one of {string.Join(", ", TaskTypes.All)}.",
        ["name"] = $"Optional, at most {TaskLimits.MaxNameLength} characters; by default the type (`fibonacci(n)` for fibonacci).",
        ["input"] = "Required, a JSON object whose shape depends on type: script `{code}`; fibonacci `{n}` " +
            $"(0–{TaskLimits.MaxFibonacciN}); simulation `{{drift, volatility, steps, seconds, initialValue, seed}}`, all optional; " +
            "echo `{value}`.",
        ["maxAttempts"] = $"Optional, {TaskLimits.MinAttempts}–{TaskLimits.MaxAttempts}; {TaskLimits.DefaultMaxAttempts} by default.",
        ["timeoutSeconds"] = $"Optional, {TaskLimits.MinTimeoutSeconds}–{TaskLimits.MaxTimeoutSeconds}; by default 10 for script " +
            "and echo, 30 for fibonacci, twice the seconds plus 30 for simulation.",
        ["runAt"] = $"Optional, an ISO-8601 time in UTC (e.g. `2026-12-01T21:30:00Z`), at most {TaskLimits.MaxDelayDays} days ahead: " +
            "the task is Scheduled until then, then Queued. A time already past runs at once. Not with delaySeconds.",
        ["delaySeconds"] = $"Optional, 0 to {TaskLimits.MaxDelayDays} days in seconds: the task is Scheduled for this long after it " +
            "is accepted, then Queued. Not with runAt.",
    };

    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo is null && context.JsonTypeInfo.Type == typeof(CreateTaskRequest))
        {
            schema.Required = new HashSet<string> { "type", "input" };
            foreach (var (name, property) in schema.Properties ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (property is OpenApiSchema concrete && s_descriptions.TryGetValue(name, out var description))
                {
                    concrete.Description = description;
                    concrete.Format = name == "runAt" ? "date-time" : concrete.Format;
                }
            }
        }

        return Task.CompletedTask;
    }
}
