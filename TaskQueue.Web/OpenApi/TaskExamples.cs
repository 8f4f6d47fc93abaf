using System.Text.Json.Nodes;

namespace TaskQueue.Web.OpenApi;

// Example requests and responses, one per task type, as the API really takes and answers
// them (results as the workers write them: fibonacci as a decimal string, simulation as an object).
internal static class TaskExamples
{
    public sealed record Example(string Summary, string Request, string Task);

    public static readonly IReadOnlyDictionary<string, Example> ByType = new Dictionary<string, Example>
    {
        ["script"] = new(
            "A JavaScript snippet; the result is its last value",
            """{"type": "script", "name": "sum", "input": {"code": "let s = 0; for (let i = 1; i <= 10; i++) s += i; s"}}""",
            Task("3f2b8c1e-7d4a-4e2b-9c61-0a5d3e9f1b27", "sum", "script",
                """{"code": "let s = 0; for (let i = 1; i <= 10; i++) s += i; s"}""", "55", 10)),
        ["fibonacci"] = new(
            "F(n), exact, as a decimal string",
            """{"type": "fibonacci", "input": {"n": 90}}""",
            Task("0197a1c4-5b7e-7c3a-8f21-6d4e2a9b0c13", "fibonacci(90)", "fibonacci", """{"n": 90}""", "\"2880067194370816120\"", 30)),
        ["simulation"] = new(
            "Geometric Brownian motion over a few seconds, with progress",
            """{"type": "simulation", "name": "gbm", "input": {"steps": 200, "seconds": 5, "seed": 42}, "maxAttempts": 1}""",
            Task("6c9e0d2a-1f3b-4a7e-b5c8-2d0f9e4a7b61", "gbm", "simulation", """{"steps": 200, "seconds": 5, "seed": 42}""",
                """{"value": 104.61, "min": 97.12, "max": 108.93, "mean": 102.47, "steps": 200}""", 40, maxAttempts: 1)),
        ["echo"] = new(
            "Returns its input value",
            """{"type": "echo", "input": {"value": {"hello": "world"}}}""",
            Task("9a4d7e2b-3c8f-4b1a-a6d5-7e0c2f9b4d38", "echo", "echo", """{"value": {"hello": "world"}}""", """{"hello": "world"}""", 10)),
    };

    public const string Batch = """
        {"tasks": [
          {"type": "fibonacci", "input": {"n": 1000}},
          {"type": "echo", "input": {"value": 1}},
          {"type": "script", "input": {"code": "6 * 7"}, "timeoutSeconds": 5}
        ]}
        """;

    public const string BatchAccepted = """
        {"ids": ["0197a1c4-5b7e-7c3a-8f21-6d4e2a9b0c13", "9a4d7e2b-3c8f-4b1a-a6d5-7e0c2f9b4d38", "3f2b8c1e-7d4a-4e2b-9c61-0a5d3e9f1b27"]}
        """;

    public const string InvalidInput = """
        {"type": "https://tools.ietf.org/html/rfc9110#section-15.5.1", "title": "One or more validation errors occurred.",
         "status": 400, "errors": {"input.n": ["n must be a whole number from 0 to 100000."]}}
        """;

    // A task as 202 answers it (Queued), or as GET answers it once it has finished.
    public static JsonNode Queued(Example example) => Edit(example.Task, task =>
    {
        task["status"] = "Queued";
        task["result"] = null;
        task["attempt"] = 1;
        task["workerId"] = null;
        task["startedAt"] = null;
        task["finishedAt"] = null;
        task["attempts"] = null;
    });

    public static JsonNode Finished(Example example) => JsonNode.Parse(example.Task)!;

    private static JsonNode Edit(string json, Action<JsonObject> edit)
    {
        var node = JsonNode.Parse(json)!.AsObject();
        edit(node);
        return node;
    }

    private static string Task(string id, string name, string type, string input, string result, int timeoutSeconds, int maxAttempts = 3) => $$"""
        {"id": "{{id}}", "name": "{{name}}", "type": "{{type}}", "input": {{input}}, "status": "Finished", "result": {{result}},
         "error": null, "progress": 1, "attempt": 1, "maxAttempts": {{maxAttempts}}, "timeoutSeconds": {{timeoutSeconds}},
         "workerId": "worker-1", "createdAt": "2026-05-04T09:30:00.120+00:00", "startedAt": "2026-05-04T09:30:00.135+00:00",
         "finishedAt": "2026-05-04T09:30:00.140+00:00", "nextAttemptAt": null, "traceId": "4bf92f3577b34da6a3ce929d0e0e4736",
         "attempts": [{"attempt": 1, "workerId": "worker-1", "startedAt": "2026-05-04T09:30:00.135+00:00",
           "finishedAt": "2026-05-04T09:30:00.140+00:00", "outcome": "Finished", "error": null, "redelivered": false}]}
        """;
}
