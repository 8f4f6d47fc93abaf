using GraphQL;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.GraphQL;

// The REST API's outcomes as GraphQL errors. Each carries a code in its extensions, and a
// validation error the REST field name too ("input.n", "tasks[3].input.n"), so a client can
// put the message next to the field.
public static class GraphQLErrors
{
    public const string BadUserInput = "BAD_USER_INPUT";
    public const string NotFound = "NOT_FOUND";
    public const string Conflict = "CONFLICT";
    public const string TooManyRequests = "TOO_MANY_REQUESTS";

    public static ExecutionError Invalid(string field, string message) =>
        WithExtensions(new ExecutionError(message) { Code = BadUserInput }, new() { ["field"] = field });

    public static IEnumerable<ExecutionError> From(InputErrors errors) =>
        errors.ToDictionary().SelectMany(pair => pair.Value.Select(message => Invalid(pair.Key, message)));

    public static ExecutionError TaskNotFound(string id) =>
        WithExtensions(new ExecutionError($"Task {id} was not found.") { Code = NotFound }, new() { ["id"] = id });

    public static ExecutionError NotAllowedNow(string reason) => new(reason) { Code = Conflict };

    public static ExecutionError RateLimited(TimeSpan retryAfter)
    {
        var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
        return WithExtensions(
            new ExecutionError($"Too many tasks enqueued: try again in {seconds} s.") { Code = TooManyRequests },
            new() { ["retryAfter"] = seconds });
    }

    private static ExecutionError WithExtensions(ExecutionError error, Dictionary<string, object?> extensions)
    {
        error.Extensions = extensions;
        return error;
    }
}
