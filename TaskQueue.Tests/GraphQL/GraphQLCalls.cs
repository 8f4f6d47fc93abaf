using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace TaskQueue.Tests.GraphQL;

// POST /graphql as a client would: {query, variables} in, the status and the JSON body out.
public static class GraphQLCalls
{
    public sealed record Response(HttpStatusCode Status, JsonElement Body)
    {
        public JsonElement Data => Body.GetProperty("data");

        public IReadOnlyList<JsonElement> Errors =>
            Body.TryGetProperty("errors", out var errors) ? errors.EnumerateArray().ToList() : [];

        // The REST field name a validation error carries in its extensions ("input.n").
        public IEnumerable<string> ErrorFields => Errors
            .Where(error => error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("field", out _))
            .Select(error => error.GetProperty("extensions").GetProperty("field").GetString()!);

        public IEnumerable<string?> ErrorCodes => Errors
            .Select(error => error.TryGetProperty("extensions", out var extensions) && extensions.TryGetProperty("code", out var code) ? code.GetString() : null);

        public override string ToString() => $"{(int)Status} {Body}";
    }

    public static async Task<Response> GraphQLAsync(this HttpClient client, string query, object? variables = null)
    {
        using var response = await client.PostAsJsonAsync("/graphql", new { query, variables });
        return new Response(response.StatusCode, await response.Content.ReadFromJsonAsync<JsonElement>());
    }

    // Asserts the operation ran without errors and returns its data.
    public static async Task<JsonElement> GraphQLDataAsync(this HttpClient client, string query, object? variables = null)
    {
        var response = await client.GraphQLAsync(query, variables);
        Assert.True(response.Status == HttpStatusCode.OK && response.Errors.Count == 0, response.ToString());
        return response.Data;
    }

    public const string TaskFields = "id name type status input result error progress attempt maxAttempts workerId createdAt startedAt finishedAt";
}
