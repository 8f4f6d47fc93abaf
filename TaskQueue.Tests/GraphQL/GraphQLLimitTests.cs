using System.Net;
using System.Net.Http.Json;
using System.Text;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.GraphQL;

// Each limit refuses the request before anything runs and says which limit it was.
[Collection(SystemCollection.Name)]
public sealed class GraphQLLimitTests(SystemFixture system)
{
    [Fact]
    public async Task A_query_nested_past_the_depth_limit_is_400()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        // Legal field by field (ofType nests as deep as one likes), 20 levels deep.
        var query = "{ __schema { types { fields { type { " + string.Concat(Enumerable.Repeat("ofType { ", 16)) + "name" +
            new string('}', 16) + " } } } } }";

        var response = await pipeline.Api.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("too nested", response.Errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_query_over_the_complexity_limit_is_400_and_one_full_page_is_not()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        const string Page = "tasks(pageSize: 500) { total items { " + GraphQLCalls.TaskFields + " } }";

        // Each page costs 100 for the query and its 500 rows times 14 fields: one is ~7,100,
        // two are over 10,000.
        var one = await pipeline.Api.GraphQLAsync("{ " + Page + " }");
        var two = await pipeline.Api.GraphQLAsync("{ a: " + Page + " b: " + Page + " }");

        Assert.True(one.Status == HttpStatusCode.OK && one.Errors.Count == 0, one.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, two.Status);
        Assert.Contains("too complex", two.Errors[0].GetProperty("message").GetString());
        Assert.Equal("COMPLEXITY", Assert.Single(two.ErrorCodes));
    }

    [Fact]
    public async Task Aliases_cannot_multiply_database_round_trips()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        static string Aliased(int count) => "{ " + string.Concat(Enumerable.Range(0, count).Select(i => $"s{i}: stats {{ total }} ")) + "}";

        var fifty = await pipeline.Api.GraphQLAsync(Aliased(50));
        var hundred = await pipeline.Api.GraphQLAsync(Aliased(100));

        Assert.True(fifty.Status == HttpStatusCode.OK && fifty.Errors.Count == 0, fifty.ToString());
        Assert.Equal(HttpStatusCode.BadRequest, hundred.Status);
        Assert.Equal("COMPLEXITY", Assert.Single(hundred.ErrorCodes));
    }

    [Fact]
    public async Task A_query_text_over_the_length_limit_is_400()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var query = "{ stats { total } }" + new string(' ', 40_000);

        var response = await pipeline.Api.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("at most 32768", response.Errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_batch_over_the_size_limit_is_an_error_and_stores_nothing()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var marker = $"gql-big-{Guid.NewGuid():N}"[..18];
        var tasks = Enumerable.Range(0, TaskLimits.MaxBatchSize + 1).Select(i => new { type = "echo", name = marker, input = new { value = i } });

        var response = await pipeline.Api.GraphQLAsync("mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id } }", new { tasks });

        var error = Assert.Single(response.Errors);
        Assert.Equal("A batch holds at most 1000 tasks (got 1001).", error.GetProperty("message").GetString());
        Assert.Equal("tasks", error.GetProperty("extensions").GetProperty("field").GetString());
        await using var db = pipeline.CreateDb();
        Assert.False(db.Tasks.Any(task => task.Name == marker));
    }

    [Fact]
    public async Task An_empty_batch_and_too_many_ids_to_delete_are_errors()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var empty = await pipeline.Api.GraphQLAsync("mutation { createTasks(tasks: []) { id } }");
        var ids = Enumerable.Range(0, TaskLimits.MaxBatchSize + 1).Select(_ => Guid.NewGuid()).ToArray();
        var delete = await pipeline.Api.GraphQLAsync("mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }", new { ids });

        Assert.Equal("tasks is required: a list of 1 to 1000 tasks.", Assert.Single(empty.Errors).GetProperty("message").GetString());
        Assert.Equal("ids", Assert.Single(delete.ErrorFields));
    }

    [Fact]
    public async Task A_user_enqueueing_too_fast_is_refused_as_on_the_rest_api_with_retry_after()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var erin = await pipeline.CreateUserClientAsync($"gql-erin-{Guid.NewGuid():N}"[..17]);
        var tasks = Enumerable.Range(0, TaskLimits.MaxBatchSize).Select(i => new { type = "echo", input = new { value = i } }).ToArray();
        const string CreateTasks = "mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id } }";

        // The burst holds two full batches; a third in the same moment is refused. The three go at
        // once, as in Security/LimitTests, so a slow machine cannot refill the bucket between them.
        var answers = await Task.WhenAll(Enumerable.Range(0, 3).Select(async _ =>
        {
            using var response = await erin.PostAsJsonAsync("/graphql", new { query = CreateTasks, variables = new { tasks } });
            var body = await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>();
            return (response.StatusCode, RetryAfter: response.Headers.TryGetValues("Retry-After", out var values) ? values.Single() : null, Body: body);
        }));
        var refused = Assert.Single(answers, answer => answer.Body.TryGetProperty("errors", out _));
        Assert.All(answers, answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));

        Assert.NotNull(refused.RetryAfter);
        var retryAfter = int.Parse(refused.RetryAfter, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(retryAfter, 1, 10);
        var error = refused.Body.GetProperty("errors")[0];
        Assert.Equal("TOO_MANY_REQUESTS", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(retryAfter, error.GetProperty("extensions").GetProperty("retryAfter").GetInt32());
        Assert.StartsWith("Too many tasks enqueued: try again in", error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task A_body_over_the_request_size_limit_is_413()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var padding = new string(' ', 9 * 1024 * 1024);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ stats { total } }\"" + padding + "}", Encoding.UTF8, "application/json"),
        };
        // Refused by the declared length before the body is sent, as in Security/LimitTests.
        request.Headers.ExpectContinue = true;

        using var response = await pipeline.Api.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
    }
}
