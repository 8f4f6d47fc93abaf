using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.GraphQL;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Delayed tasks (runAt, delaySeconds): Scheduled in the database until due, then queued by
// the web app's ScheduledTaskPromoter and run; cancellable while Scheduled; kept across a
// restart of the web app. Times are compared on this machine's one clock (worker and web).
[Collection(SystemCollection.Name)]
public sealed class DelayedTaskTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    // Due tasks are promoted within the promoter's 250 ms sleep and start within about a second
    // (README). The shared pipeline's queue may still hold other tests' thousands of echo tasks,
    // and a restarted web app is cold, so a loaded 2-core CI gets 5 s. That still catches a task
    // promoted by something other than its due time (a slow poll, the next restart).
    private static readonly TimeSpan s_startTolerance = TimeSpan.FromSeconds(5);

    public static TheoryData<string, string> BadStarts => new()
    {
        { """{"type":"echo","input":{"value":1},"delaySeconds":5,"runAt":"2030-01-01T00:00:00Z"}""", "runAt" },
        { """{"type":"echo","input":{"value":1},"delaySeconds":-1}""", "delaySeconds" },
        { """{"type":"echo","input":{"value":1},"delaySeconds":31536001}""", "delaySeconds" },
        { """{"type":"echo","input":{"value":1},"delaySeconds":"soon"}""", "delaySeconds" },
        { """{"type":"echo","input":{"value":1},"runAt":"tomorrow"}""", "runAt" },
        { """{"type":"echo","input":{"value":1},"runAt":"2026-13-01T00:00:00Z"}""", "runAt" },
        { """{"type":"echo","input":{"value":1},"runAt":"9999-01-01T00:00:00Z"}""", "runAt" },
        { """{"type":"echo","input":{"value":1},"runAt":12345}""", "runAt" },
    };

    [Theory]
    [MemberData(nameof(BadStarts))]
    public async Task A_bad_start_time_is_rejected_naming_the_field(string body, string field)
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var response = await pipeline.Api.PostAsync("/api/tasks", new StringContent(body, Encoding.UTF8, "application/json"));

        await ValidationProblems.AssertNamesFieldAsync(response, field);
    }

    [Fact]
    public async Task GraphQL_rejects_a_bad_start_with_the_rest_apis_message()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var task = new { type = "echo", input = new { value = 1 }, delaySeconds = -1 };

        var graphql = await pipeline.Api.GraphQLAsync("mutation($task: TaskInput!) { createTask(task: $task) { id } }", new { task });
        using var rest = await pipeline.Api.PostAsJsonAsync("/api/tasks", task);
        var restMessage = (await rest.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").GetProperty("delaySeconds")[0].GetString();

        var error = Assert.Single(graphql.Errors);
        Assert.Equal("delaySeconds", error.GetProperty("extensions").GetProperty("field").GetString());
        Assert.Equal(restMessage, error.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Delayed_tasks_are_scheduled_then_run_soon_after_their_time_and_never_before()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var runAt = DateTimeOffset.UtcNow.AddSeconds(2);

        using var single = await pipeline.Api.PostAsJsonAsync("/api/tasks", new { type = "echo", input = new { value = "later" }, delaySeconds = 2 });
        var created = await single.Content.ReadFromJsonAsync<JsonElement>();
        var batch = await pipeline.SubmitAsync([
            new { type = "echo", input = new { value = "at" }, runAt = runAt.ToString("yyyy-MM-ddTHH:mm:ss.fffZ") },
        ]);
        var ids = new[] { created.GetProperty("id").GetGuid(), batch[0] };

        Assert.Equal(HttpStatusCode.Accepted, single.StatusCode);
        Assert.Equal("Scheduled", created.GetProperty("status").GetString());
        var fetched = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{batch[0]}");
        Assert.Equal("Scheduled", fetched.GetProperty("status").GetString());
        Assert.Equal(runAt.UtcTicks / 10_000, fetched.GetProperty("runAt").GetDateTimeOffset().UtcTicks / 10_000);

        foreach (var id in ids)
        {
            var finished = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), s_timeout);
            Assert.Equal(TaskItemStatus.Finished, finished.Status);
            var started = finished.Attempts.Single().StartedAt;
            Assert.InRange(started, finished.RunAt!.Value, finished.RunAt.Value + s_startTolerance);
        }
    }

    // The documented choice: a time already past is not an error, the task runs at once.
    [Fact]
    public async Task A_run_at_time_in_the_past_runs_at_once()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = 1 }, runAt = "2020-01-01T00:00:00Z" }]);

        var finished = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), s_timeout);
        Assert.Equal(TaskItemStatus.Finished, finished.Status);
        Assert.Equal(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero), finished.RunAt);
    }

    [Fact]
    public async Task A_scheduled_task_that_is_cancelled_is_cancelled_at_once_and_never_runs()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "never" }, delaySeconds = 1.5 }]);

        using var response = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null);
        var answered = await response.Content.ReadFromJsonAsync<JsonElement>();
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        var after = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("Cancelled", answered.GetProperty("status").GetString());
        Assert.Equal(TaskItemStatus.Cancelled, after.Status);
        Assert.Empty(after.Attempts);
        Assert.Null(after.Result);
    }

    [Fact]
    public async Task A_scheduled_task_can_be_deleted()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "gone" }, delaySeconds = 60 }]);

        using var deleted = await pipeline.Api.DeleteAsync($"/api/tasks/{ids[0]}");
        using var fetched = await pipeline.Api.GetAsync($"/api/tasks/{ids[0]}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, fetched.StatusCode);
    }

    [Fact]
    public async Task A_scheduled_task_survives_a_restart_of_the_web_app_and_still_runs()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 1);
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "kept" }, delaySeconds = 5 }]);

        await pipeline.Web.KillAsync();
        var atKill = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);
        await pipeline.RestartWebAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        var finished = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), s_timeout);

        Assert.Equal(TaskItemStatus.Scheduled, atKill.Status);
        Assert.Equal(TaskItemStatus.Finished, finished.Status);
        // Due while no web app ran, it is promoted as soon as one is back.
        var runAt = finished.RunAt!.Value;
        var latest = (runAt > restartedAt ? runAt : restartedAt) + s_startTolerance;
        Assert.InRange(finished.Attempts.Single().StartedAt, runAt, latest);
    }
}
