using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;
using static TaskQueue.Tests.GraphQL.GraphQLCalls;

namespace TaskQueue.Tests.GraphQL;

// Each mutation against the real pipeline: tasks made here run on the workers, and what
// the sink records is what the next query shows.
[Collection(SystemCollection.Name)]
public sealed class GraphQLMutationTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    private const string CreateTask = "mutation($task: TaskInput!) { createTask(task: $task) { " + TaskFields + " } }";

    [Fact]
    public async Task CreateTask_takes_its_input_as_a_json_object_in_variables_and_the_task_runs()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var created = (await pipeline.Api.GraphQLDataAsync(CreateTask, new
        {
            task = new { type = "script", name = "gql sum", input = new { code = "let s = 0; for (let i = 1; i <= 10; i++) s += i; s" }, maxAttempts = 2 },
        })).GetProperty("createTask");
        var id = Guid.Parse(created.GetProperty("id").GetString()!);

        Assert.Equal("Queued", created.GetProperty("status").GetString());
        Assert.Equal("gql sum", created.GetProperty("name").GetString());
        Assert.Equal(2, created.GetProperty("maxAttempts").GetInt32());
        var stored = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), s_timeout);
        Assert.Equal(TaskItemStatus.Finished, stored.Status);
        Assert.Equal("55", stored.Result);
        var task = (await pipeline.Api.GraphQLDataAsync("query($id: ID!) { task(id: $id) { status result } }", new { id })).GetProperty("task");
        Assert.Equal("Finished", task.GetProperty("status").GetString());
        Assert.Equal(55, task.GetProperty("result").GetInt32());
    }

    [Fact]
    public async Task CreateTask_accepts_its_input_as_a_literal_too_and_names_it_as_rest_does()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var created = (await pipeline.Api.GraphQLDataAsync("mutation { createTask(task: {type: \"fibonacci\", input: {n: 90}}) { id name input } }")).GetProperty("createTask");

        Assert.Equal("fibonacci(90)", created.GetProperty("name").GetString());
        Assert.Equal("{\"n\":90}", created.GetProperty("input").GetRawText());
        var stored = await pipeline.WaitForTaskAsync(Guid.Parse(created.GetProperty("id").GetString()!), task => task.Status.IsTerminal(), s_timeout);
        Assert.Equal("\"2880067194370816120\"", stored.Result);
    }

    [Fact]
    public async Task CreateTasks_enqueues_a_batch_that_all_finishes()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var tasks = Enumerable.Range(0, 50).Select(i => new { type = "echo", input = new { value = new { i, text = $"item {i}" } } }).ToArray();

        var created = (await pipeline.Api.GraphQLDataAsync("mutation($tasks: [TaskInput!]!) { createTasks(tasks: $tasks) { id input } }", new { tasks }))
            .GetProperty("createTasks").EnumerateArray().ToList();

        Assert.Equal(50, created.Count);
        var ids = created.Select(task => Guid.Parse(task.GetProperty("id").GetString()!)).ToList();
        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);
        Assert.Equal(50, counts.GetValueOrDefault(TaskItemStatus.Finished));
        var last = await pipeline.WaitForTaskAsync(ids[49], _ => true, s_timeout);
        Assert.Equal("{\"i\":49,\"text\":\"item 49\"}", last.Result);
    }

    [Fact]
    public async Task CancelTask_stops_a_running_task()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var id = await CreateAsync(pipeline.Api, new { type = "simulation", input = new { steps = 1000, seconds = 30 } });
        await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Running, s_timeout);

        var cancelled = (await pipeline.Api.GraphQLDataAsync("mutation($id: ID!) { cancelTask(id: $id) { id } }", new { id })).GetProperty("cancelTask");

        Assert.Equal(id.ToString(), cancelled.GetProperty("id").GetString());
        var stored = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), s_timeout);
        Assert.Equal(TaskItemStatus.Cancelled, stored.Status);
    }

    [Fact]
    public async Task RetryTask_runs_an_ended_task_again_as_a_new_attempt()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var id = await CreateAsync(pipeline.Api, new { type = "echo", input = new { value = "again" } });
        await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished, s_timeout);

        var retried = (await pipeline.Api.GraphQLDataAsync("mutation($id: ID!) { retryTask(id: $id) { status attempt result } }", new { id })).GetProperty("retryTask");

        Assert.Equal("Queued", retried.GetProperty("status").GetString());
        Assert.Equal(2, retried.GetProperty("attempt").GetInt32());
        Assert.Equal(JsonValueKind.Null, retried.GetProperty("result").ValueKind);
        var rerun = await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished && task.Attempt == 2, s_timeout);
        Assert.Equal(2, rerun.Attempts.Count);
    }

    [Fact]
    public async Task Cancelling_a_finished_task_or_retrying_a_running_one_is_a_conflict()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var finished = await CreateAsync(pipeline.Api, new { type = "echo", input = new { value = 1 } });
        await pipeline.WaitForTaskAsync(finished, task => task.Status == TaskItemStatus.Finished, s_timeout);
        var running = await CreateAsync(pipeline.Api, new { type = "simulation", input = new { steps = 1000, seconds = 30 } });
        await pipeline.WaitForTaskAsync(running, task => task.Status == TaskItemStatus.Running, s_timeout);

        var cancel = await pipeline.Api.GraphQLAsync("mutation($id: ID!) { cancelTask(id: $id) { id } }", new { id = finished });
        var retry = await pipeline.Api.GraphQLAsync("mutation($id: ID!) { retryTask(id: $id) { id } }", new { id = running });
        await pipeline.Api.GraphQLDataAsync("mutation($id: ID!) { cancelTask(id: $id) { id } }", new { id = running });

        Assert.Equal("CONFLICT", Assert.Single(cancel.ErrorCodes));
        Assert.Equal("The task is already Finished.", cancel.Errors[0].GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, cancel.Data.GetProperty("cancelTask").ValueKind);
        Assert.Equal("CONFLICT", Assert.Single(retry.ErrorCodes));
        Assert.StartsWith("The task is Running; only finished, failed or cancelled tasks can be retried.", retry.Errors[0].GetProperty("message").GetString());
    }

    [Fact]
    public async Task DeleteTasks_deletes_those_it_finds_and_reports_the_others_as_not_found()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var first = await CreateAsync(pipeline.Api, new { type = "echo", input = new { value = 1 } });
        var second = await CreateAsync(pipeline.Api, new { type = "echo", input = new { value = 2 } });
        var unknown = Guid.NewGuid();

        var response = await pipeline.Api.GraphQLAsync("mutation($ids: [ID!]!) { deleteTasks(ids: $ids) }", new { ids = new[] { first, second, unknown } });

        Assert.Equal(
            new[] { first.ToString(), second.ToString() },
            response.Data.GetProperty("deleteTasks").EnumerateArray().Select(id => id.GetString()));
        var error = Assert.Single(response.Errors);
        Assert.Equal("NOT_FOUND", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(unknown.ToString(), error.GetProperty("extensions").GetProperty("id").GetString());
        await using var db = pipeline.CreateDb();
        Assert.False(db.Tasks.Any(task => task.Id == first || task.Id == second));
    }

    internal static async Task<Guid> CreateAsync(HttpClient client, object task)
    {
        var data = await client.GraphQLDataAsync("mutation($task: TaskInput!) { createTask(task: $task) { id } }", new { task });
        return Guid.Parse(data.GetProperty("createTask").GetProperty("id").GetString()!);
    }
}
