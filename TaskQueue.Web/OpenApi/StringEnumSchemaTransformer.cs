using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace TaskQueue.Web.OpenApi;

// Enums travel as their names (JsonStringEnumConverter), and the generated schema lists the
// names but gives no type; generators then read the enum as integers. Saying "string" makes
// a generated client send and read the names.
internal sealed class StringEnumSchemaTransformer : IOpenApiSchemaTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonTypeInfo.Type.IsEnum && schema.Type is null && schema.Enum is { Count: > 0 })
        {
            schema.Type = JsonSchemaType.String;
        }

        return Task.CompletedTask;
    }
}
