using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// Handlers take their body as nullable only so that a missing body is answered with a 400
// naming it, not a bare 400 from binding. For clients the body is required: the document
// says so instead of "null or a request".
internal sealed class RequiredBodyTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody is not OpenApiRequestBody body)
        {
            return Task.CompletedTask;
        }

        body.Required = true;
        foreach (var mediaType in body.Content?.Values ?? [])
        {
            if (mediaType.Schema is OpenApiSchema { OneOf: { Count: 2 } choices } &&
                choices.SingleOrDefault(choice => choice.Type == JsonSchemaType.Null) is { } nullChoice)
            {
                mediaType.Schema = choices.Single(choice => !ReferenceEquals(choice, nullChoice));
            }
        }

        return Task.CompletedTask;
    }
}
