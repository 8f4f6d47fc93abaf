using System.Text.Json;
using System.Text.Json.Nodes;
using TaskQueue.Tests.ApiClient;
using TaskQueue.Tests.Browser;
using TaskQueue.Tests.Infrastructure;
using TaskItemStatus = TaskQueue.Tests.ApiClient.TaskItemStatus;

namespace TaskQueue.Tests.OpenApi;

// The API as a team calling it from another service sees it: through a C# client that NSwag
// generated from the web app's OpenAPI document when TaskQueue.Tests.ApiClient was built
// (see its project file), against the real pipeline, with an API key.
[Collection(SystemCollection.Name)]
public sealed class GeneratedClientTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_generated_client_creates_a_fibonacci_task_follows_it_to_finished_and_lists_it()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var http = TestCredentials.Client(pipeline.Web.BaseAddress);
        var client = new TaskQueueClient(http);

        var created = await client.CreateTaskAsync(new CreateTaskRequest { Type = "fibonacci", Name = "generated client", Input = new { n = 90 } });
        Assert.Equal(TaskItemStatus.Queued, created.Status);

        var task = await WaitUntilEndedAsync(client, created.Id);
        Assert.Equal(TaskItemStatus.Finished, task.Status);
        Assert.Equal("2880067194370816120", Assert.IsType<JsonElement>(task.Result).GetString());
        Assert.Equal(TaskQueue.Tests.ApiClient.AttemptOutcome.Finished, Assert.Single(task.Attempts!).Outcome);

        var page = await client.ListTasksAsync(status: "Finished", type: "fibonacci", search: created.Id.ToString(), page: 1, pageSize: 10, sort: null, descending: null, batchId: null);
        Assert.Equal(1, page.Total);
        Assert.Equal(created.Id, Assert.Single(page.Items).Id);
    }

    [Fact]
    public async Task A_generated_client_gets_typed_problems_naming_the_field_and_for_missing_tasks_and_keys()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var http = TestCredentials.Client(pipeline.Web.BaseAddress);
        var client = new TaskQueueClient(http);

        var invalid = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(() =>
            client.CreateTaskAsync(new CreateTaskRequest { Type = "fibonacci", Input = new { n = -1 } }));
        Assert.Equal(400, invalid.StatusCode);
        Assert.Equal("n must be a whole number from 0 to 100000.", Assert.Single(invalid.Result.Errors!["input.n"]));

        var missing = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => client.GetTaskAsync(Guid.NewGuid()));
        Assert.Equal((404, 404), (missing.StatusCode, missing.Result.Status));

        using var anonymousHttp = TestCredentials.Client(pipeline.Web.BaseAddress, apiKey: null);
        var anonymous = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => new TaskQueueClient(anonymousHttp).GetStatsAsync());
        Assert.Equal(401, anonymous.StatusCode);
    }

    // The client was generated from the document the web app wrote at build time; this is
    // the same document the running app serves (the server URL aside, which only a request has).
    [Fact]
    public async Task The_document_the_client_was_generated_from_is_the_one_the_running_app_serves()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var buildTime = Path.Combine(RepositoryFolder.Find()!, "TaskQueue.Web", "obj", "openapi", "TaskQueue.Web.json");
        var generatedFrom = JsonNode.Parse(await File.ReadAllTextAsync(buildTime))!.AsObject();
        var live = JsonNode.Parse(await pipeline.Api.GetStringAsync("/openapi/v1.json"))!.AsObject();
        live.Remove("servers");

        Assert.True(JsonNode.DeepEquals(generatedFrom, live), $"{buildTime} differs from the live /openapi/v1.json");
    }

    private static async Task<TaskDto> WaitUntilEndedAsync(TaskQueueClient client, Guid id)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            var task = await client.GetTaskAsync(id);
            if (task.Status is TaskItemStatus.Finished or TaskItemStatus.Failed or TaskItemStatus.Cancelled || DateTime.UtcNow > deadline)
            {
                return task;
            }

            await Task.Delay(100);
        }
    }
}
