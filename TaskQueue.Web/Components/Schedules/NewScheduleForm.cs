using System.Text.Json;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Apis;
using TaskQueue.Web.Services.Schedules;

namespace TaskQueue.Web.Components.Schedules;

// What the "New schedule" dialog edits. It validates through the API's own validator, so the
// dialog and POST /api/schedules accept and reject exactly the same input; errors are keyed as
// the API names them ("name", "cron", "timeZone", "task.input.n", …). The task's input is
// JSON text, one example per type to start from.
public sealed class NewScheduleForm
{
    private static readonly Dictionary<string, string> s_exampleInputs = new(StringComparer.Ordinal)
    {
        [TaskTypes.Echo] = """{ "value": "tick" }""",
        [TaskTypes.Fibonacci] = """{ "n": 50 }""",
        [TaskTypes.Script] = """{ "code": "new Date().getUTCHours()" }""",
        [TaskTypes.Simulation] = """{ "seconds": 2 }""",
    };

    private readonly Dictionary<string, string> _errors = new(StringComparer.Ordinal);
    private NewSchedule? _schedule;
    private string _type = TaskTypes.Echo;

    public string? Name { get; set; }
    public string? Cron { get; set; } = "0 * * * *";
    public string? TimeZone { get; set; } = "UTC";
    public string MissedRuns { get; set; } = "runOnce";
    public string Input { get; set; } = s_exampleInputs[TaskTypes.Echo];

    // A new type starts from its example input, unless the user has written their own.
    public string Type
    {
        get => _type;
        set
        {
            if (Input == s_exampleInputs.GetValueOrDefault(_type))
            {
                Input = s_exampleInputs.GetValueOrDefault(value, "{}");
            }

            _type = value;
        }
    }

    public bool IsValid => _errors.Count == 0 && _schedule is not null;

    public string? ErrorFor(string field) => _errors.GetValueOrDefault(field);

    // The errors not shown beside a field of their own (the task's input fields, say).
    public IEnumerable<string> InputErrors => _errors.Where(pair => pair.Key.StartsWith("task.", StringComparison.Ordinal)).Select(pair => pair.Value);

    public NewScheduleForm Validate(DateTimeOffset now)
    {
        _errors.Clear();
        _schedule = null;
        JsonElement input;
        try
        {
            input = JsonSerializer.Deserialize<JsonElement>(string.IsNullOrWhiteSpace(Input) ? "null" : Input);
        }
        catch (JsonException)
        {
            _errors["task.input"] = "The input is not valid JSON, e.g. { \"n\": 50 }.";
            return this;
        }

        var errors = new InputErrors();
        var request = new CreateScheduleRequest(Name, Cron, TimeZone, new CreateTaskRequest(Type, null, input, null, null), MissedRuns);
        _schedule = ScheduleRequestValidator.Validate(request, now, errors);
        foreach (var (key, messages) in errors.ToDictionary())
        {
            _errors[key] = string.Join(" ", messages);
        }

        return this;
    }

    public NewSchedule? ToSchedule() => IsValid ? _schedule : null;
}
