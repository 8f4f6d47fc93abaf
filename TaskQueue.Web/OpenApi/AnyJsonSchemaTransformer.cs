using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// A task's input and result are any JSON value (TaskDto, CreateTaskRequest: JsonElement).
// Generated as a reference to a named empty schema, "JsonElement" (or "oneOf: null or
// JsonElement" when nullable), it misleads both readers of the document: client generators
// make a JsonElement class, an object, that cannot hold a fibonacci result (a string), and
// the oneOf is ambiguous for validators because null matches both. An inline empty schema
// says "any value, null included" once. Nullable wrappers are added after schema
// transformers run, hence a pass over the finished components.
internal sealed class AnyJsonSchemaTransformer : IOpenApiDocumentTransformer
{
    private const string AnyJson = "JsonElement";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var schemas = document.Components?.Schemas;
        foreach (var schema in schemas?.Values ?? [])
        {
            if (schema.Properties is not { } properties)
            {
                continue;
            }

            foreach (var (name, property) in properties.ToList())
            {
                if (IsAnyJson(property))
                {
                    properties[name] = new OpenApiSchema { Description = property.Description ?? "Any JSON value." };
                }
            }
        }

        schemas?.Remove(AnyJson);
        return Task.CompletedTask;
    }

    private static bool IsAnyJson(IOpenApiSchema schema) => schema switch
    {
        OpenApiSchemaReference { Reference.Id: AnyJson } => true,
        OpenApiSchema { OneOf: [{ Type: JsonSchemaType.Null }, OpenApiSchemaReference { Reference.Id: AnyJson }] } => true,
        _ => false,
    };
}
