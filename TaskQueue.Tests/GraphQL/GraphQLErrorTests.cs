using System.Net;
using System.Text;
using System.Text.Json;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.GraphQL;

// Invalid input is a GraphQL error naming the field with the REST API's message; a request
// that cannot run is a 400 with errors, never a 5xx; no key is a 401.
[Collection(SystemCollection.Name)]
public sealed class GraphQLErrorTests(SystemFixture system)
{
    private const string CreateTask = "mutation($task: TaskInput!) { createTask(task: $task) { id } }";
    private const string CreateTasks = "mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id } }";

    [Fact]
    public async Task An_invalid_task_names_each_field_with_the_rest_apis_message()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var task = new { type = "fibonacci", name = new string('n', 201), input = new { n = -1 }, maxAttempts = 11 };

        var graphql = await pipeline.Api.GraphQLAsync(CreateTask, new { task });
        using var rest = await pipeline.Api.PostAsync("/api/tasks", new StringContent(JsonSerializer.Serialize(task), Encoding.UTF8, "application/json"));
        var restErrors = (await JsonDocument.ParseAsync(await rest.Content.ReadAsStreamAsync())).RootElement.GetProperty("errors");

        Assert.Equal(HttpStatusCode.OK, graphql.Status);
        Assert.Equal(JsonValueKind.Null, graphql.Data.GetProperty("createTask").ValueKind);
        Assert.Equal(new[] { "input.n", "maxAttempts", "name" }, graphql.ErrorFields.Order());
        Assert.All(graphql.ErrorCodes, code => Assert.Equal("BAD_USER_INPUT", code));
        foreach (var error in graphql.Errors)
        {
            var field = error.GetProperty("extensions").GetProperty("field").GetString()!;
            Assert.Equal(restErrors.GetProperty(field)[0].GetString(), error.GetProperty("message").GetString());
        }
    }

    [Theory]
    [InlineData("{\"type\":\"nope\",\"input\":{}}", "type", "Unknown type 'nope': use one of script, fibonacci, simulation, echo.")]
    [InlineData("{\"type\":\"script\",\"input\":{}}", "input.code", null)]
    [InlineData("{\"type\":\"fibonacci\",\"input\":{\"n\":1.5}}", "input.n", null)]
    [InlineData("{\"type\":\"fibonacci\",\"input\":{\"n\":\"12\"}}", "input.n", null)]
    [InlineData("{\"type\":\"echo\",\"input\":[1,2]}", "input", "input must be a JSON object.")]
    [InlineData("{\"type\":\"echo\",\"input\":\"text\"}", "input", "input must be a JSON object.")]
    public async Task Input_is_checked_by_the_rest_apis_validator(string task, string field, string? message)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var response = await pipeline.Api.GraphQLAsync(CreateTask, new { task = JsonDocument.Parse(task).RootElement });

        var error = Assert.Single(response.Errors, error => error.GetProperty("extensions").GetProperty("field").GetString() == field);
        if (message is not null)
        {
            Assert.Equal(message, error.GetProperty("message").GetString());
        }
    }

    [Fact]
    public async Task A_batch_names_fields_by_index_and_stores_nothing()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var marker = $"gql-batch-{Guid.NewGuid():N}"[..20];
        var tasks = new object[]
        {
            new { type = "echo", name = marker, input = new { value = 1 } },
            new { type = "script", name = marker, input = new { code = 42 } },
            new { type = "fibonacci", name = marker, input = new { n = 100_001 } },
        };

        var response = await pipeline.Api.GraphQLAsync(CreateTasks, new { tasks });

        Assert.Equal(new[] { "tasks[1].input.code", "tasks[2].input.n" }, response.ErrorFields.Order());
        Assert.Equal(JsonValueKind.Null, response.Data.GetProperty("createTasks").ValueKind);
        await using var db = pipeline.CreateDb();
        Assert.False(db.Tasks.Any(task => task.Name == marker));
    }

    [Fact]
    public async Task List_arguments_are_checked_as_the_rest_query_string_is()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var response = await pipeline.Api.GraphQLAsync("{ tasks(status: \"Done\", page: 0, pageSize: 501) { total } }");

        Assert.Equal(new[] { "page", "pageSize", "status" }, response.ErrorFields.Order());
        Assert.Contains(response.Errors, error => error.GetProperty("message").GetString() ==
            "Unknown status 'Done': use one of Scheduled, Pending, Queued, Running, Retrying, Cancelling, Finished, Failed, Cancelled.");
        Assert.Contains(response.Errors, error => error.GetProperty("message").GetString() == "pageSize must be from 1 to 500.");
    }

    [Theory]
    [InlineData("{ tasks { items { nope } } }")]
    [InlineData("{ tasks(page: \"one\") { total } }")]
    [InlineData("{ task { id } }")]
    [InlineData("{ tasks { total ")]
    [InlineData("mutation { createTask(task: {name: \"no type\", input: {}}) { id } }")]
    [InlineData("subscription { tasks { total } }")]
    [InlineData("query A { stats { total } } query B { stats { total } }")]
    public async Task A_query_that_cannot_run_is_400_with_errors(string query)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var response = await pipeline.Api.GraphQLAsync(query);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.NotEmpty(response.Errors);
        Assert.False(response.Body.TryGetProperty("data", out _), response.ToString());
    }

    [Fact]
    public async Task Variables_of_the_wrong_type_are_400_naming_the_variable()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var response = await pipeline.Api.GraphQLAsync(CreateTask, new { task = new { type = 42, input = new { value = 1 } } });
        var missing = await pipeline.Api.GraphQLAsync(CreateTask, new { task = new { type = "echo" } });

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Contains("$task", response.Errors[0].GetProperty("message").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, missing.Status);
        Assert.Contains("input", missing.Errors[0].GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("{\"query\": \"{ stats { total } \"", "application/json")]
    [InlineData("{\"query\": 42}", "application/json")]
    [InlineData("[{\"query\": \"{ stats { total } }\"}]", "application/json")]
    [InlineData("{\"variables\": {}}", "application/json")]
    [InlineData("{\"query\": \"{ stats { total } }\", \"variables\": [1]}", "application/json")]
    [InlineData("", "application/json")]
    [InlineData("{ stats { total } }", "application/graphql")]
    public async Task A_body_that_is_not_a_graphql_request_is_a_4xx_with_errors(string body, string contentType)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/graphql", new StringContent(body, Encoding.UTF8, contentType));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType, $"{(int)response.StatusCode}");
        var result = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal("BAD_REQUEST", result.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task A_signed_in_browsers_cookie_is_not_accepted_so_no_other_site_can_drive_it()
    {
        await using var web = await InProcessWeb.StartAsync(system.Broker);
        using var browser = web.CreateClient();
        using var signIn = await Security.SignInTests.PostSignInAsync(browser, TestCredentials.AdminUserName, TestCredentials.AdminPassword);
        Assert.Contains(signIn.Headers.GetValues("Set-Cookie"), value => value.StartsWith("TaskQueue.Auth=", StringComparison.Ordinal));

        using var response = await browser.PostAsync("/graphql", new StringContent("{\"query\":\"{ stats { total } }\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer tq_not-a-key-that-exists-anywhere")]
    [InlineData("Basic YWRtaW46cGFzc3dvcmQ=")]
    public async Task Without_a_valid_key_it_is_401(string? authorization)
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var client = TestCredentials.Client(pipeline.Web.BaseAddress, apiKey: null);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/graphql")
        {
            Content = new StringContent("{\"query\":\"{ stats { total } }\"}", Encoding.UTF8, "application/json"),
        };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
