using GraphQL;
using GraphQL.Transport;

namespace TaskQueue.Web.GraphQL;

// POST /graphql, the GraphQL-over-HTTP way, written by hand (GraphQL.Server is not available):
// a JSON body {query, variables, operationName} in, an application/json result out.
// 200 when the operation ran (data, perhaps with errors for some fields); 400 when it could
// not run at all (unreadable body, missing or oversized query, syntax, unknown fields, wrong
// variable types, depth or complexity over the limits), 413 over the body limit, 415 for a
// body that is not JSON. Every one of these answers is a GraphQL result with "errors".
public static class GraphQLEndpoint
{
    public static IEndpointRouteBuilder MapGraphQL(this IEndpointRouteBuilder app)
    {
        // Mapped in the API group: an API key is required (401 otherwise) and the browser's
        // cookie is ignored, so no other site can drive it. Not part of the OpenAPI document.
        app.MapPost("/graphql", ExecuteAsync).WithName("GraphQL").ExcludeFromDescription();
        return app;
    }

    private static async Task ExecuteAsync(
        HttpContext http, IDocumentExecuter<TaskQueueSchema> executer, IGraphQLTextSerializer serializer, ILoggerFactory loggers)
    {
        var (request, status, error) = await GraphQLRequestReader.ReadAsync(http.Request, serializer);
        if (error is not null)
        {
            await WriteAsync(http, serializer, status, new ExecutionResult(error));
            return;
        }

        var result = await executer.ExecuteAsync(new ExecutionOptions
        {
            Query = request!.Query,
            Variables = request.Variables,
            OperationName = request.OperationName,
            RequestServices = http.RequestServices,
            User = http.User,
            CancellationToken = http.RequestAborted,
            UnhandledExceptionDelegate = context =>
            {
                loggers.CreateLogger(typeof(GraphQLEndpoint)).LogError(context.OriginalException, "GraphQL resolver failed");
                return Task.CompletedTask;
            },
        });

        // As the REST API's 429 does, tell the client when to try again.
        if (result.Errors?.FirstOrDefault(e => e.Code == GraphQLErrors.TooManyRequests)?.Extensions?["retryAfter"] is int seconds)
        {
            http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        await WriteAsync(http, serializer, result.Executed ? StatusCodes.Status200OK : StatusCodes.Status400BadRequest, result);
    }

    private static async Task WriteAsync(HttpContext http, IGraphQLTextSerializer serializer, int status, ExecutionResult result)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await serializer.WriteAsync(http.Response.Body, result, http.RequestAborted);
    }
}
