using System.Text.Json;
using System.Text.Json.Nodes;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;
using TaskQueue.Web.Services;

namespace TaskQueue.Web.Components.Tasks;

// What the "New task" dialog edits. It validates through the API's own validator, so the
// dialog and POST /api/tasks accept and reject exactly the same input; errors are keyed by
// the input's field name ("n", "code", "drift", "value", "name", "copies", "delaySeconds", "runAt").
public sealed class NewTaskForm
{
    public const int MaxCopies = TaskLimits.MaxBatchSize;

    public const string ExampleScript =
        """
        // The value of the last expression is the task's result.
        function fibonacci(n) {
          let a = 0, b = 1;
          for (let i = 0; i < n; i++) [a, b] = [b, a + b];
          return a;
        }
        fibonacci(50);
        """;

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private NewTask? _task;

    public string Type { get; set; } = TaskTypes.Script;
    public string? Name { get; set; }
    public string Code { get; set; } = ExampleScript;
    public int? N { get; set; } = 50;
    public double? Drift { get; set; } = SimulationInput.DefaultDrift;
    public double? Volatility { get; set; } = SimulationInput.DefaultVolatility;
    public int? Steps { get; set; } = SimulationInput.DefaultSteps;
    public double? Seconds { get; set; } = SimulationInput.DefaultSeconds;
    public double? InitialValue { get; set; } = SimulationInput.DefaultInitialValue;
    public int? Seed { get; set; }
    public string EchoValue { get; set; } = """{ "hello": "world" }""";
    public int? Copies { get; set; } = 1;
    public int? MaxAttempts { get; set; } = TaskLimits.DefaultMaxAttempts;

    // Empty: run at once. Otherwise the task is Scheduled for this many seconds after Create.
    public double? RunAfterSeconds { get; set; }

    // Empty: run at once (or after RunAfterSeconds). Otherwise an ISO-8601 UTC time: the task is
    // Scheduled until then. The dialog converts the user's local time in the browser.
    public string? RunAtUtc { get; set; }

    public TaskPriority Priority { get; set; } = TaskPriority.Normal;

    public bool IsValid => _errors.Count == 0 && _task is not null;

    public IReadOnlyDictionary<string, string> Errors => _errors;

    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    public NewTaskForm Validate()
    {
        _errors.Clear();
        var input = BuildInput(out var echoError);
        var request = new CreateTaskRequest(
            Type, string.IsNullOrWhiteSpace(Name) ? null : Name, input, MaxAttempts, TimeoutSeconds: null, RunAt: RunAtUtc, DelaySeconds: RunAfterSeconds,
            Priority: Priority.ToName());
        var errors = new InputErrors();
        _task = TaskRequestValidator.Validate(request, errors);
        foreach (var (key, messages) in errors.ToDictionary())
        {
            _errors[FieldOf(key)] = string.Join(" ", messages);
        }

        if (echoError is not null)
        {
            _errors["value"] = echoError;
        }

        if (MaxAttempts is null)
        {
            _errors["maxAttempts"] = $"Max attempts is required ({TaskLimits.MinAttempts} to {TaskLimits.MaxAttempts}).";
        }

        if (Copies is null or < 1 or > MaxCopies)
        {
            _errors["copies"] = $"Copies must be a whole number from 1 to {MaxCopies}.";
        }

        return this;
    }

    // The validated task, once per copy. Empty while the form has errors.
    public IReadOnlyList<NewTask> ToTasks() =>
        IsValid ? Enumerable.Repeat(_task!, Copies!.Value).ToList() : [];

    private JsonElement BuildInput(out string? echoError)
    {
        echoError = null;
        var input = new JsonObject();
        switch (Type)
        {
            case TaskTypes.Script:
                input["code"] = Code;
                break;
            case TaskTypes.Fibonacci:
                AddIfSet(input, "n", N);
                break;
            case TaskTypes.Simulation:
                AddIfSet(input, "drift", Drift);
                AddIfSet(input, "volatility", Volatility);
                AddIfSet(input, "steps", Steps);
                AddIfSet(input, "seconds", Seconds);
                AddIfSet(input, "initialValue", InitialValue);
                AddIfSet(input, "seed", Seed);
                break;
            case TaskTypes.Echo:
                input["value"] = ParseEcho(out echoError);
                break;
        }

        return JsonSerializer.SerializeToElement(input);
    }

    private JsonNode? ParseEcho(out string? error)
    {
        error = null;
        if (string.IsNullOrWhiteSpace(EchoValue))
        {
            error = "A value is required: any JSON, such as 42, \"text\" or {\"a\": 1}.";
            return null;
        }

        try
        {
            return JsonNode.Parse(EchoValue) ?? JsonValue.Create((string?)null);
        }
        catch (JsonException)
        {
            error = "That is not valid JSON. Text needs quotes, like \"hello\".";
            return null;
        }
    }

    // Left out when empty, so the task type's default applies, as it does for the API.
    private static void AddIfSet<T>(JsonObject input, string name, T? value) where T : struct
    {
        if (value is { } set)
        {
            input[name] = JsonValue.Create(set);
        }
    }

    private static string FieldOf(string key) => key.StartsWith("input.", StringComparison.Ordinal) ? key["input.".Length..] : key;
}
