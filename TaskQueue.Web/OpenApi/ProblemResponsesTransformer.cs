using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// Error responses as the middleware really writes them. UseStatusCodePages (with
// AddProblemDetails) gives every empty error response a ProblemDetails body, so a 404 from
// TypedResults.NotFound() is problem+json too. 401 carries the bearer challenge, 429 the
// seconds to wait.
internal sealed class ProblemResponsesTransformer : IOpenApiOperationTransformer
{
    private const string ProblemJson = "application/problem+json";

    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse concrete || !status.StartsWith('4'))
            {
                continue;
            }

            if (concrete.Content is not { Count: > 0 })
            {
                concrete.Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemJson] = new() { Schema = new OpenApiSchemaReference("ProblemDetails", context.Document) },
                };
            }

            concrete.Description = Describe(status, concrete.Description);
            concrete.Headers ??= new Dictionary<string, IOpenApiHeader>();
            if (status == "401")
            {
                concrete.Headers["WWW-Authenticate"] = Header("The bearer challenge: `Bearer realm=\"TaskQueue\"`.", JsonSchemaType.String);
            }
            else if (status == "429")
            {
                concrete.Headers["Retry-After"] = Header("Seconds to wait before enqueueing again (at least 1).", JsonSchemaType.Integer);
            }
        }

        return Task.CompletedTask;
    }

    private static OpenApiHeader Header(string description, JsonSchemaType type) =>
        new() { Description = description, Required = true, Schema = new OpenApiSchema { Type = type } };

    private static string? Describe(string status, string? fallback) => status switch
    {
        "400" => "Invalid input: `errors` names each offending field (e.g. `input.n`, `tasks[3].type`, `page`).",
        "401" => "No API key, or an unknown, revoked or disabled user's key.",
        "403" => "The key's user is not an admin.",
        "404" => "No such item, or it belongs to another user.",
        "409" => "Not allowed in the item's current state; `detail` says why.",
        "413" => "The body is larger than the limit (8 MB by default); `errors.body` says so.",
        "429" => "This user enqueued more tasks than the rate limit allows; try again after Retry-After seconds.",
        _ => fallback,
    };
}
