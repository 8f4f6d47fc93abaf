using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration.Workflows;

// Chains, groups and chords on the real pipeline: steps are released by the web app's
// WorkflowAdvancer as the ones before them finish, results flow on as `previous` and
// `results`, a step that fails for good fails the workflow and its Pending steps never run.
[Collection(SystemCollection.Name)]
public sealed class WorkflowTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_chain_passes_each_result_on_as_previous()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "double fib",
            kind = "chain",
            tasks = new object[]
            {
                new { type = "fibonacci", input = new { n = 10 } },
                new { type = "script", input = new { code = "previous * 2" } },
            },
        });
        var workflow = await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);

        Assert.Equal("Finished", workflow.GetProperty("status").GetString());
        Assert.Equal("chain", workflow.GetProperty("kind").GetString());
        Assert.Equal("double fib", workflow.GetProperty("name").GetString());
        Assert.Equal(110, workflow.GetProperty("result").GetInt32());
        Assert.Equal(taskIds, workflow.GetProperty("taskIds").EnumerateArray().Select(task => task.GetGuid()));
        Assert.All(workflow.GetProperty("steps").EnumerateArray(), step => Assert.Equal("Finished", step.GetProperty("status").GetString()));
        var second = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{taskIds[1]}");
        Assert.Equal(id, second.GetProperty("workflowId").GetGuid());
        Assert.Equal(110, second.GetProperty("result").GetInt32());

        // A step run again gets what it was released with again (without it: NaN, a failure).
        using var retry = await pipeline.Api.PostAsync($"/api/tasks/{taskIds[1]}/retry", null);
        var rerun = await pipeline.WaitForTaskAsync(taskIds[1], task => task.Attempt == 2 && task.Status.IsTerminal(), s_timeout);
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal((TaskItemStatus.Finished, "110"), (rerun.Status, rerun.Result));
    }

    // The sink's announcements name the workflows among the changed tasks, and only those send
    // the web apps' advancers looking for workflows to move on (plain tasks at thousands a
    // second no longer wake them).
    [Fact]
    public async Task The_sinks_announcements_name_a_steps_workflow_and_not_for_a_plain_task()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        await using var tap = await TaskChangesTap.StartAsync(pipeline.MessagingConnectionString);

        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "one step",
            kind = "chain",
            tasks = new object[] { new { type = "echo", input = new { value = 1 } } },
        });
        await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);
        var plain = (await pipeline.SubmitAsync([new { type = "echo", input = new { value = 2 } }]))[0];
        await pipeline.WaitForTaskAsync(plain, task => task.Status.IsTerminal(), s_timeout);

        await Eventually.TrueAsync(
            () => Task.FromResult(tap.About(taskIds[0]).Count > 0 && PlainOnly().Count > 0), s_timeout, "the sink's announcements of both tasks");

        Assert.All(tap.About(taskIds[0]), message => Assert.Contains(id, message.WorkflowIds ?? []));
        // The sink says which workflows moved (an empty list for plain tasks alone; another
        // test's steps may share a batch), rather than leaving listeners to assume any did.
        Assert.All(PlainOnly(), message => Assert.DoesNotContain(id, Assert.IsAssignableFrom<IReadOnlyList<Guid>>(message.WorkflowIds)));

        List<TasksChanged> PlainOnly() => tap.About(plain).Where(message => !message.TaskIds.Contains(taskIds[0])).ToList();
    }

    [Fact]
    public async Task A_chords_callback_gets_the_groups_results_in_order()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "sum of fibs",
            kind = "chord",
            tasks = new[] { 10, 11, 12 }.Select(n => new { type = "fibonacci", input = new { n } }),
            callback = new { type = "script", input = new { code = "results.reduce((a, b) => a + Number(b), 0)" } },
        });
        var workflow = await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);

        Assert.Equal("Finished", workflow.GetProperty("status").GetString());
        Assert.Equal(288, workflow.GetProperty("result").GetInt32());
        Assert.Equal(4, taskIds.Count);
        await using var db = pipeline.CreateDb();
        var callback = await db.Tasks.AsNoTracking().SingleAsync(task => task.Id == taskIds[3]);
        Assert.Equal("""{"results":["55","89","144"]}""", callback.WorkflowInput);
    }

    // The README's curl-only example, run as written against this pipeline.
    [Fact]
    public async Task The_readmes_workflow_example_prints_110_and_288()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var printed = await ReadmeSnippet.RunAsync("workflows", new Dictionary<string, string>
        {
            ["localhost:5080"] = pipeline.Web.BaseAddress.Authority,
            ["$TASKQUEUE_KEY"] = TestCredentials.AdminApiKey,
        }, s_timeout);

        Assert.Equal(2, printed.Split("\"status\":\"Finished\"").Length - 1);
        Assert.Contains("\"result\":110", printed);
        Assert.Contains("\"result\":288", printed);
    }

    [Fact]
    public async Task A_groups_result_is_the_array_of_its_results()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var (id, _) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "pair",
            kind = "group",
            tasks = new object[] { new { type = "echo", input = new { value = "a" } }, new { type = "fibonacci", input = new { n = 10 } } },
        });
        var workflow = await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);

        Assert.Equal("Finished", workflow.GetProperty("status").GetString());
        Assert.Equal("""["a","55"]""", workflow.GetProperty("result").GetRawText());
    }

    [Fact]
    public async Task A_step_that_fails_for_good_fails_the_workflow_and_its_pending_steps_never_run()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "breaks",
            kind = "chain",
            tasks = new object[]
            {
                new { type = "script", name = "thrower", maxAttempts = 1, input = new { code = "throw new Error('x')" } },
                new { type = "echo", input = new { value = 1 } },
                new { type = "echo", input = new { value = 2 } },
            },
        });
        var workflow = await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);

        Assert.Equal("Failed", workflow.GetProperty("status").GetString());
        Assert.Contains("Step 0 (thrower) failed", workflow.GetProperty("error").GetString());
        foreach (var pending in taskIds.Skip(1))
        {
            var task = await pipeline.WaitForTaskAsync(pending, _ => true, s_timeout);
            Assert.Equal(TaskItemStatus.Cancelled, task.Status);
            Assert.Empty(task.Attempts);
        }
    }

    [Fact]
    public async Task Cancelling_a_running_chain_cancels_all_of_its_steps()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "long",
            kind = "chain",
            tasks = new object[]
            {
                new { type = "simulation", input = new { steps = 1000, seconds = 30 } },
                new { type = "echo", input = new { value = 1 } },
            },
        });
        await pipeline.WaitForTaskAsync(taskIds[0], task => task.Status == TaskItemStatus.Running, s_timeout);

        using var response = await pipeline.Api.PostAsync($"/api/workflows/{id}/cancel", null);
        using var again = await pipeline.Api.PostAsync($"/api/workflows/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("Cancelled", (await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout)).GetProperty("status").GetString());
        foreach (var step in taskIds)
        {
            Assert.Equal(TaskItemStatus.Cancelled, (await pipeline.WaitForTaskAsync(step, task => task.Status.IsTerminal(), s_timeout)).Status);
        }
    }

    // The workflow's state is only in the database: a chain whose web app dies while its first
    // step runs goes on once a web app is back (the sink records the step meanwhile).
    [Fact]
    public async Task A_chain_survives_a_restart_of_the_web_app_between_its_steps()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 1);
        var (id, taskIds) = await WorkflowCalls.StartAsync(pipeline.Api, new
        {
            name = "kept",
            kind = "chain",
            tasks = new object[]
            {
                new { type = "simulation", input = new { steps = 100, seconds = 5 } },
                new { type = "script", input = new { code = "typeof previous.value" } },
            },
        });

        await pipeline.WaitForTaskAsync(taskIds[0], task => task.Status == TaskItemStatus.Running, s_timeout);
        await pipeline.Web.KillAsync();
        await pipeline.WaitForTaskAsync(taskIds[0], task => task.Status == TaskItemStatus.Finished, s_timeout);
        var whileDown = await pipeline.WaitForTaskAsync(taskIds[1], _ => true, s_timeout);
        await pipeline.RestartWebAsync();
        var workflow = await WorkflowCalls.WaitUntilEndedAsync(pipeline.Api, id, s_timeout);

        Assert.Equal(TaskItemStatus.Pending, whileDown.Status);
        Assert.Equal("Finished", workflow.GetProperty("status").GetString());
        Assert.Equal("number", workflow.GetProperty("result").GetString());
    }

    public static TheoryData<string, string> BadWorkflows => new()
    {
        { """{"name":"w","kind":"pipeline","tasks":[{"type":"echo","input":{}}]}""", "kind" },
        { """{"name":"w","tasks":[{"type":"echo","input":{}}]}""", "kind" },
        { """{"kind":"chain","tasks":[{"type":"echo","input":{}}]}""", "name" },
        { """{"name":"w","kind":"chain","tasks":[]}""", "tasks" },
        { """{"name":"w","kind":"chord","tasks":[{"type":"echo","input":{}}]}""", "callback" },
        { """{"name":"w","kind":"chain","tasks":[{"type":"echo","input":{}}],"callback":{"type":"echo","input":{}}}""", "callback" },
        { """{"name":"w","kind":"chain","tasks":[{"type":"echo","input":{}},{"type":"fibonacci","input":{"n":-1}}]}""", "tasks[1].input.n" },
        { """{"name":"w","kind":"group","tasks":[{"type":"nope","input":{}}]}""", "tasks[0].type" },
        { """{"name":"w","kind":"chain","tasks":[{"type":"echo","input":{},"delaySeconds":5}]}""", "tasks[0].delaySeconds" },
        { """{"name":"w","kind":"chord","tasks":[{"type":"echo","input":{}}],"callback":{"type":"script","input":{}}}""", "callback.input.code" },
    };

    [Theory]
    [MemberData(nameof(BadWorkflows))]
    public async Task A_bad_workflow_is_rejected_naming_the_field(string body, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/api/workflows", new StringContent(body, Encoding.UTF8, "application/json"));

        await ValidationProblems.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task Another_users_workflow_is_not_found_and_not_listed()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var erin = await pipeline.CreateUserClientAsync($"wf-erin-{Guid.NewGuid():N}"[..16]);
        using var frank = await pipeline.CreateUserClientAsync($"wf-frank-{Guid.NewGuid():N}"[..17]);
        var (id, _) = await WorkflowCalls.StartAsync(erin, new { name = "erin's", kind = "group", tasks = new[] { new { type = "echo", input = new { value = 1 } } } });

        using var seen = await frank.GetAsync($"/api/workflows/{id}");
        using var cancelled = await frank.PostAsync($"/api/workflows/{id}/cancel", null);
        var franksList = await frank.GetFromJsonAsync<JsonElement>("/api/workflows");
        var erinsList = await erin.GetFromJsonAsync<JsonElement>("/api/workflows");
        using var adminView = await pipeline.Api.GetAsync($"/api/workflows/{id}");

        Assert.Equal(HttpStatusCode.NotFound, seen.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, cancelled.StatusCode);
        Assert.Equal(0, franksList.GetProperty("total").GetInt32());
        Assert.Equal(id, Assert.Single(erinsList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Equal(HttpStatusCode.OK, adminView.StatusCode);
    }
}
