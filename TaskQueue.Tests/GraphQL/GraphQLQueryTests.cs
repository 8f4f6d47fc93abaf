using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;
using static TaskQueue.Tests.GraphQL.GraphQLCalls;

namespace TaskQueue.Tests.GraphQL;

// The queries against the real pipeline: what they return is what the REST API returns.
[Collection(SystemCollection.Name)]
public sealed class GraphQLQueryTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Task_returns_every_field_as_the_rest_api_does()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var id = (await pipeline.SubmitAsync([new { type = "fibonacci", input = new { n = 90 } }]))[0];
        await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished, s_timeout);

        var data = await pipeline.Api.GraphQLDataAsync($"query($id: ID!) {{ task(id: $id) {{ {TaskFields} }} }}", new { id });
        var rest = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");

        var task = data.GetProperty("task");
        Assert.Equal(id.ToString(), task.GetProperty("id").GetString());
        Assert.Equal("fibonacci(90)", task.GetProperty("name").GetString());
        Assert.Equal("Finished", task.GetProperty("status").GetString());
        Assert.Equal("{\"n\":90}", task.GetProperty("input").GetRawText());
        Assert.Equal("\"2880067194370816120\"", task.GetProperty("result").GetRawText());
        foreach (var field in new[] { "name", "type", "status", "input", "result", "error", "progress", "attempt", "maxAttempts", "workerId" })
        {
            Assert.Equal(rest.GetProperty(field).GetRawText(), task.GetProperty(field).GetRawText());
        }

        foreach (var field in new[] { "createdAt", "startedAt", "finishedAt" })
        {
            Assert.Equal(rest.GetProperty(field).GetDateTimeOffset(), task.GetProperty(field).GetDateTimeOffset());
        }
    }

    [Fact]
    public async Task Task_is_null_for_an_unknown_or_malformed_id()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var data = await pipeline.Api.GraphQLDataAsync("{ unknown: task(id: \"" + Guid.NewGuid() + "\") { id } malformed: task(id: \"not-an-id\") { id } }");

        Assert.Equal(JsonValueKind.Null, data.GetProperty("unknown").ValueKind);
        Assert.Equal(JsonValueKind.Null, data.GetProperty("malformed").ValueKind);
    }

    [Fact]
    public async Task Tasks_filters_searches_and_pages_like_the_rest_api()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var marker = $"gql-list-{Guid.NewGuid():N}"[..20];
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 5).Select(i => new { type = "echo", name = $"{marker}-{i}", input = new { value = i } }));
        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);

        const string Query = "query($search: String, $status: String, $type: String, $page: Int, $pageSize: Int) { " +
            "tasks(search: $search, status: $status, type: $type, page: $page, pageSize: $pageSize) { total page pageSize items { " + TaskFields + " } } }";
        var first = (await pipeline.Api.GraphQLDataAsync(Query, new { search = marker, status = "Finished", type = "echo", page = 1, pageSize = 2 })).GetProperty("tasks");
        var second = (await pipeline.Api.GraphQLDataAsync(Query, new { search = marker, page = 3, pageSize = 2 })).GetProperty("tasks");
        var rest = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks?search={marker}&status=Finished&type=echo&page=1&pageSize=2");
        var restThird = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks?search={marker}&page=3&pageSize=2");
        var none = (await pipeline.Api.GraphQLDataAsync(Query, new { search = marker, type = "script" })).GetProperty("tasks");

        Assert.Equal(5, first.GetProperty("total").GetInt32());
        Assert.Equal(2, first.GetProperty("pageSize").GetInt32());
        Assert.Equal(Ids(rest), Ids(first));
        Assert.All(first.GetProperty("items").EnumerateArray(), item => Assert.StartsWith(marker, item.GetProperty("name").GetString()));
        Assert.Equal(3, second.GetProperty("page").GetInt32());
        Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(Ids(restThird), Ids(second));
        Assert.Equal(0, none.GetProperty("total").GetInt32());
    }

    private static List<string?> Ids(JsonElement page) =>
        page.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("id").GetString()).ToList();

    [Fact]
    public async Task Stats_counts_by_status_like_the_rest_api()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var user = await pipeline.CreateUserClientAsync($"gql-stats-{Guid.NewGuid():N}"[..18]);
        var created = await user.GraphQLDataAsync(
            "mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id } }",
            new { tasks = new object[] { new { type = "echo", input = new { value = 1 } }, new { type = "echo", input = new { value = 2 } } } });
        var ids = created.GetProperty("createTasks").EnumerateArray().Select(task => Guid.Parse(task.GetProperty("id").GetString()!)).ToList();
        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);

        var stats = (await user.GraphQLDataAsync("{ stats { total scheduled pending queued running retrying cancelling finished failed cancelled } }")).GetProperty("stats");
        var rest = await user.GetFromJsonAsync<JsonElement>("/api/stats");

        Assert.Equal(2, stats.GetProperty("total").GetInt32());
        Assert.Equal(2, stats.GetProperty("finished").GetInt32());
        Assert.Equal(rest.GetProperty("total").GetInt32(), stats.GetProperty("total").GetInt32());
        foreach (var status in Enum.GetNames<TaskItemStatus>())
        {
            Assert.Equal(rest.GetProperty(status).GetInt32(), stats.GetProperty(char.ToLowerInvariant(status[0]) + status[1..]).GetInt32());
        }
    }

    [Fact]
    public async Task Signed_in_callers_can_introspect_the_schema()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var data = await pipeline.Api.GraphQLDataAsync(IntrospectionQuery.Full);

        var types = data.GetProperty("__schema").GetProperty("types").EnumerateArray().Select(type => type.GetProperty("name").GetString()).ToList();
        Assert.Contains("Task", types);
        Assert.Contains("TaskInput", types);
        Assert.Contains("JSON", types);
        Assert.Equal("Mutation", data.GetProperty("__schema").GetProperty("mutationType").GetProperty("name").GetString());
    }
}
