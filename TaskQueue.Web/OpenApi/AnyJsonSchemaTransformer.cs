using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// A nullable JsonElement (a task's input in a request, its result) is generated as "oneOf:
// null, or JsonElement", and JsonElement is any value, null included: null matches both, so
// the oneOf is ambiguous and validators reject a null. "Any value" alone says it once. The
// nullable wrapper is added after schema transformers run, hence a pass over the document.
internal sealed class AnyJsonSchemaTransformer : IOpenApiDocumentTransformer
{
    private const string AnyJson = "JsonElement";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            if (schema.Properties is not { } properties)
            {
                continue;
            }

            foreach (var (name, property) in properties.ToList())
            {
                if (property is OpenApiSchema { OneOf: [var first, var second] } &&
                    first.Type == JsonSchemaType.Null && second is OpenApiSchemaReference { Reference.Id: AnyJson })
                {
                    properties[name] = second;
                }
            }
        }

        return Task.CompletedTask;
    }
}
