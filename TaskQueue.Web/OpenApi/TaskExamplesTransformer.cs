using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// Puts TaskExamples on the operations that take or return tasks, keyed by operation id
// (the endpoints' WithName).
internal sealed class TaskExamplesTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        switch (operation.OperationId)
        {
            case "CreateTask":
                SetRequestExamples(operation, TaskExamples.ByType.ToDictionary(pair => pair.Key, pair => (pair.Value.Summary, JsonNode.Parse(pair.Value.Request))));
                SetResponseExamples(operation, "202", TaskExamples.ByType.ToDictionary(pair => pair.Key, pair => (pair.Value.Summary, (JsonNode?)TaskExamples.Queued(pair.Value))));
                SetResponseExamples(operation, "400", new() { ["invalid-input"] = ("fibonacci with n out of range", JsonNode.Parse(TaskExamples.InvalidInput)) });
                break;
            case "CreateTaskBatch":
                SetRequestExamples(operation, new() { ["mixed"] = ("Three tasks of different types", JsonNode.Parse(TaskExamples.Batch)) });
                SetResponseExamples(operation, "202", new() { ["mixed"] = ("Their ids, in request order", JsonNode.Parse(TaskExamples.BatchAccepted)) });
                break;
            case "GetTask":
                SetResponseExamples(operation, "200", TaskExamples.ByType.ToDictionary(pair => pair.Key, pair => (pair.Value.Summary, (JsonNode?)TaskExamples.Finished(pair.Value))));
                break;
        }

        return Task.CompletedTask;
    }

    private static void SetRequestExamples(OpenApiOperation operation, Dictionary<string, (string Summary, JsonNode? Value)> examples)
    {
        foreach (var mediaType in operation.RequestBody?.Content?.Values ?? [])
        {
            mediaType.Examples = ToExamples(examples);
        }
    }

    private static void SetResponseExamples(OpenApiOperation operation, string status, Dictionary<string, (string Summary, JsonNode? Value)> examples)
    {
        if (operation.Responses?.TryGetValue(status, out var response) == true)
        {
            foreach (var mediaType in response.Content?.Values ?? [])
            {
                mediaType.Examples = ToExamples(examples);
            }
        }
    }

    private static Dictionary<string, IOpenApiExample> ToExamples(Dictionary<string, (string Summary, JsonNode? Value)> examples) =>
        examples.ToDictionary(pair => pair.Key, pair => (IOpenApiExample)new OpenApiExample { Summary = pair.Value.Summary, Value = pair.Value.Value });
}
