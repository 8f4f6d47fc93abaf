namespace TaskQueue.Web.OpenApi;

// /openapi/v1.json as clients need it: what each endpoint declares (summary, description,
// the status codes its handler cannot show) plus what is true of the API as a whole and is
// added here: the API key scheme, the problem bodies the middleware writes, examples.
internal static class OpenApiExtensions
{
    public static IServiceCollection AddTaskQueueOpenApi(this IServiceCollection services) =>
        services.AddOpenApi(options =>
        {
            options.AddDocumentTransformer<ApiInfoTransformer>();
            options.AddDocumentTransformer<ApiKeySecurityTransformer>();
            options.AddDocumentTransformer<AnyJsonSchemaTransformer>();
            options.AddOperationTransformer<ApiKeySecurityTransformer>();
            options.AddOperationTransformer<ProblemResponsesTransformer>();
            options.AddOperationTransformer<RequiredBodyTransformer>();
            options.AddOperationTransformer<TaskExamplesTransformer>();
            options.AddSchemaTransformer<NumberSchemaTransformer>();
            options.AddSchemaTransformer<StringEnumSchemaTransformer>();
            options.AddSchemaTransformer<CreateTaskRequestSchemaTransformer>();
        });
}
