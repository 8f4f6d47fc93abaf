using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Bad input gets a 400 application/problem+json that names the offending field.
[Collection(SystemCollection.Name)]
public sealed class ApiValidationTests(SystemFixture system)
{
    public static TheoryData<string, string> BadTasks => new()
    {
        { """{"input":{"value":1}}""", "type" },
        { """{"type":"teleport","input":{}}""", "type" },
        { """{"type":"echo"}""", "input" },
        { """{"type":"echo","input":{}}""", "input.value" },
        { """{"type":"echo","input":[1,2]}""", "input" },
        { """{"type":"fibonacci","input":{"n":"ten"}}""", "input.n" },
        { """{"type":"fibonacci","input":{"n":-1}}""", "input.n" },
        { """{"type":"fibonacci","input":{"n":100001}}""", "input.n" },
        { """{"type":"fibonacci","input":{"n":2.5}}""", "input.n" },
        { """{"type":"fibonacci","input":{}}""", "input.n" },
        { """{"type":"script","input":{"code":"  "}}""", "input.code" },
        { """{"type":"simulation","input":{"steps":0,"volatility":-1}}""", "input.steps" },
        { """{"type":"echo","input":{"value":1},"maxAttempts":0}""", "maxAttempts" },
        { """{"type":"echo","input":{"value":1},"maxAttempts":"three"}""", "maxAttempts" },
        { """{"type":"echo","input":{"value":1},"timeoutSeconds":100000}""", "timeoutSeconds" },
        { "{\"type\":\"echo\",\"input\":{\"value\":1},\"name\":\"" + new string('x', 201) + "\"}", "name" },
        { """{"type":"echo","input":{"value":1""", "body" },
        { "", "body" },
    };

    [Theory]
    [MemberData(nameof(BadTasks))]
    public async Task A_bad_task_is_rejected_naming_the_field(string body, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/api/tasks", new StringContent(body, Encoding.UTF8, "application/json"));

        await AssertProblemNamesAsync(response, field);
    }

    [Fact]
    public async Task A_batch_names_the_item_at_fault_and_accepts_nothing()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var before = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/stats");

        using var response = await pipeline.Api.PostAsJsonAsync("/api/tasks/batch", new
        {
            tasks = new object[] { new { type = "echo", input = new { value = 1 } }, new { type = "fibonacci", input = new { n = -5 } } },
        });

        await AssertProblemNamesAsync(response, "tasks[1].input.n");
        var after = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.Equal(before.GetProperty("total").GetInt32(), after.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_batch_over_the_limit_or_empty_is_rejected()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var tooMany = await pipeline.Api.PostAsJsonAsync("/api/tasks/batch",
            new { tasks = Enumerable.Range(0, 1001).Select(i => new { type = "echo", input = new { value = i } }) });
        using var empty = await pipeline.Api.PostAsJsonAsync("/api/tasks/batch", new { tasks = Array.Empty<object>() });

        await AssertProblemNamesAsync(tooMany, "tasks");
        await AssertProblemNamesAsync(empty, "tasks");
    }

    [Theory]
    [InlineData("status=Sleeping", "status")]
    [InlineData("pageSize=0", "pageSize")]
    [InlineData("page=0", "page")]
    [InlineData("sort=colour", "sort")]
    public async Task A_bad_list_query_is_rejected_naming_the_parameter(string query, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.GetAsync($"/api/tasks?{query}");

        await AssertProblemNamesAsync(response, field);
    }

    [Fact]
    public async Task The_openapi_document_describes_the_tasks_api()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var document = await pipeline.Api.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        Assert.True(paths.TryGetProperty("/api/tasks", out _));
        Assert.True(paths.TryGetProperty("/api/tasks/batch", out _));
        Assert.True(paths.TryGetProperty("/api/tasks/{id}", out _));
    }

    private static async Task AssertProblemNamesAsync(HttpResponseMessage response, string field)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"expected 400, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var errors = JsonDocument.Parse(text).RootElement.GetProperty("errors");
        Assert.True(errors.TryGetProperty(field, out var messages), $"expected an error for '{field}' in {text}");
        Assert.False(string.IsNullOrWhiteSpace(messages[0].GetString()));
    }
}
