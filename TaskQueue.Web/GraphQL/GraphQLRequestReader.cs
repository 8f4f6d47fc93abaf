using GraphQL;
using GraphQL.Transport;

namespace TaskQueue.Web.GraphQL;

// Reads the POST body into a GraphQLRequest, or says, as a GraphQL error with the HTTP status
// to send, why it cannot be run. Nothing a client sends gets past here as an exception.
public static class GraphQLRequestReader
{
    public const string BadRequest = "BAD_REQUEST";

    public static async Task<(GraphQLRequest? Request, int Status, ExecutionError? Error)> ReadAsync(
        HttpRequest http, IGraphQLTextSerializer serializer)
    {
        if (!http.HasJsonContentType())
        {
            return Fail(StatusCodes.Status415UnsupportedMediaType, "The body must be JSON (Content-Type: application/json): {query, variables, operationName}.");
        }

        GraphQLRequest? request;
        try
        {
            request = await serializer.ReadAsync<GraphQLRequest>(http.Body, http.HttpContext.RequestAborted);
        }
        catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return Fail(StatusCodes.Status413PayloadTooLarge, "The request body is too large.");
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Broken JSON, a value of the wrong type (query: 42), variables that are not an
            // object, numbers no .NET type holds, nesting past the reader's limit...
            return Fail(StatusCodes.Status400BadRequest, "The body is not a GraphQL request: a JSON object with query, variables and operationName.");
        }

        if (string.IsNullOrWhiteSpace(request?.Query))
        {
            return Fail(StatusCodes.Status400BadRequest, "query is required.");
        }

        if (request.Query.Length > GraphQLLimits.MaxQueryLength)
        {
            return Fail(StatusCodes.Status400BadRequest,
                $"The query is {request.Query.Length} characters; at most {GraphQLLimits.MaxQueryLength} are accepted (pass data in variables).");
        }

        return (request, StatusCodes.Status200OK, null);
    }

    private static (GraphQLRequest?, int, ExecutionError?) Fail(int status, string message) =>
        (null, status, new ExecutionError(message) { Code = BadRequest });
}
