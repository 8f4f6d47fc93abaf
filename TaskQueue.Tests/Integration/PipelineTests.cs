using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

[Collection(SystemCollection.Name)]
public sealed class PipelineTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task A_thousand_echo_tasks_on_three_workers_all_finish_with_their_input()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 1000).Select(i => new { type = "echo", input = new { value = i } }));

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);

        Assert.Equal(1000, counts.GetValueOrDefault(TaskItemStatus.Finished));
        await using var db = pipeline.CreateDb();
        var tasks = db.Tasks.Where(task => ids.Contains(task.Id)).ToList();
        Assert.All(tasks, task => Assert.Equal(JsonDocument.Parse(task.Input).RootElement.GetProperty("value").GetRawText(), task.Result));
        Assert.True(tasks.Select(task => task.WorkerId).Distinct().Count() > 1, "the work should be spread over more than one worker");
    }

    // One request's tasks travel in bundles, and a bundle goes to one worker: a small batch of long
    // tasks is still cut into a bundle per live worker, so it runs on more than one.
    [Fact]
    public async Task A_small_batch_of_long_tasks_spreads_over_the_workers()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ours = await OurWorkersAsync(pipeline, IsAlive);
        Assert.Equal(3, ours.Count(IsAlive));

        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 6).Select(_ => new { type = "simulation", input = new { steps = 5, seconds = 1 } }));
        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);

        await using var db = pipeline.CreateDb();
        var workers = db.Tasks.Where(task => ids.Contains(task.Id)).Select(task => task.WorkerId).Distinct().ToList();
        Assert.True(workers.Count > 1, $"six long tasks of one request ran on {string.Join(", ", workers)}");
    }

    [Fact]
    public async Task Fibonacci_results_are_exact()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([
            new { type = "fibonacci", input = new { n = 0 } },
            new { type = "fibonacci", input = new { n = 90 } },
            new { type = "fibonacci", input = new { n = 1000 } },
        ]);

        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);

        var results = await Task.WhenAll(ids.Select(id => pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished, s_timeout)));
        Assert.Equal("\"0\"", results[0].Result);
        Assert.Equal("\"2880067194370816120\"", results[1].Result);
        Assert.Equal(
            "\"43466557686937456435688527675040625802564660517371780402481729089536555417949051890403879840079255169295922593080322634775209689623239873322471161642996440906533187938298969649928516003704476137795166849228875\"",
            results[2].Result);
    }

    [Fact]
    public async Task Scripts_return_their_last_value_and_fail_with_a_reason()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([
            new { type = "script", name = "sum", input = new { code = "let s = 0; for (let i = 1; i <= 10; i++) s += i; s" } },
            new { type = "script", name = "throws", input = new { code = "throw new Error('boom')" } },
            new { type = "script", name = "infinite", input = new { code = "1 / 0" } },
        ]);

        var sum = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), s_timeout);
        var throws = await pipeline.WaitForTaskAsync(ids[1], task => task.Status.IsTerminal(), s_timeout);
        var infinite = await pipeline.WaitForTaskAsync(ids[2], task => task.Status.IsTerminal(), s_timeout);

        Assert.Equal((TaskItemStatus.Finished, "55"), (sum.Status, sum.Result));
        Assert.Equal(TaskItemStatus.Failed, throws.Status);
        Assert.Contains("boom", throws.Error);
        Assert.Equal(1, throws.Attempt);
        Assert.Equal(TaskItemStatus.Failed, infinite.Status);
        Assert.Contains("not a finite number", infinite.Error);
    }

    [Fact]
    public async Task A_script_that_loops_forever_fails_with_its_time_limit()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var started = DateTime.UtcNow;
        var ids = await pipeline.SubmitAsync([new { type = "script", input = new { code = "while (true) {}" }, timeoutSeconds = 2 }]);

        var task = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), s_timeout);

        Assert.Equal(TaskItemStatus.Failed, task.Status);
        Assert.Contains("time limit", task.Error);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "the limit should stop it within seconds");
    }

    [Fact]
    public async Task A_single_task_round_trips_through_the_rest_api()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        using var created = await pipeline.Api.PostAsJsonAsync("/api/tasks", new { type = "echo", name = "hello", input = new { value = "world" } });
        Assert.Equal(System.Net.HttpStatusCode.Accepted, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        Assert.Equal($"/api/tasks/{id}", created.Headers.Location?.ToString());

        await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished, s_timeout);
        var task = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks/{id}");
        Assert.Equal("Finished", task.GetProperty("status").GetString());
        Assert.Equal("world", task.GetProperty("result").GetString());
        Assert.Equal("hello", task.GetProperty("name").GetString());
        Assert.Equal(1, task.GetProperty("attempt").GetInt32());
        Assert.StartsWith("worker-", task.GetProperty("workerId").GetString());
        Assert.Single(task.GetProperty("attempts").EnumerateArray());

        var page = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks?search={id}");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var byName = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/tasks?search=hell&type=echo&status=Finished&pageSize=5");
        Assert.Contains(byName.GetProperty("items").EnumerateArray(), item => item.GetProperty("id").GetGuid() == id);

        var stats = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/stats");
        Assert.True(stats.GetProperty("Finished").GetInt32() >= 1);

        using var retried = await pipeline.Api.PostAsync($"/api/tasks/{id}/retry", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, retried.StatusCode);
        var rerun = await pipeline.WaitForTaskAsync(id, task => task.Status == TaskItemStatus.Finished && task.Attempt == 2, s_timeout);
        Assert.Equal(2, rerun.Attempts.Count);

        using var deleted = await pipeline.Api.DeleteAsync($"/api/tasks/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NoContent, deleted.StatusCode);
        using var gone = await pipeline.Api.GetAsync($"/api/tasks/{id}");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
    }

    [Fact]
    public async Task Cancelling_a_finished_task_conflicts_and_an_unknown_task_is_not_found()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = 1 } }]);
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Finished, s_timeout);

        using var conflict = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null);
        using var missing = await pipeline.Api.PostAsync($"/api/tasks/{Guid.NewGuid()}/cancel", null);

        Assert.Equal(System.Net.HttpStatusCode.Conflict, conflict.StatusCode);
        Assert.Equal("application/problem+json", conflict.Content.Headers.ContentType?.MediaType);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task A_long_task_shows_progress_and_can_be_cancelled_while_running()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "simulation", input = new { steps = 200, seconds = 30 } }]);

        var running = await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Running && task.Progress > 0, s_timeout);
        using var response = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        var cancelled = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), TimeSpan.FromSeconds(15));

        Assert.NotNull(running.WorkerId);
        Assert.Equal(TaskItemStatus.Cancelled, cancelled.Status);
        Assert.Equal(AttemptOutcome.Cancelled, Assert.Single(cancelled.Attempts).Outcome);
    }

    // Every worker remembers cancellations; one made in attempt 1 must not cancel attempt 2.
    [Fact]
    public async Task A_cancelled_task_that_is_retried_runs_again_to_the_end()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "simulation", input = new { steps = 100, seconds = 2 } }]);
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Running, s_timeout);
        using (var cancel = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, cancel.StatusCode);
        }

        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Cancelled, s_timeout);
        using (var retry = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/retry", null))
        {
            Assert.Equal(System.Net.HttpStatusCode.Accepted, retry.StatusCode);
        }

        var finished = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal() && task.Attempt == 2, s_timeout);
        Assert.Equal(TaskItemStatus.Finished, finished.Status);
    }

    [Fact]
    public async Task A_queued_task_that_is_cancelled_never_runs()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        // Fill every worker's slots and prefetch window (3 × (16 + 16)) so the next task waits in the queue.
        var blockers = await pipeline.SubmitAsync(Enumerable.Range(0, 100).Select(_ => new { type = "simulation", input = new { steps = 10, seconds = 3 } }));
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "never" } }]);

        using var response = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null);
        var cancelled = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), s_timeout);
        await pipeline.WaitUntilAllTerminalAsync(blockers, s_timeout);
        await Task.Delay(500);
        var after = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);

        Assert.Equal(TaskItemStatus.Cancelled, cancelled.Status);
        Assert.Equal(TaskItemStatus.Cancelled, after.Status);
        Assert.Null(after.Result);
        Assert.DoesNotContain(after.Attempts, attempt => attempt.Outcome == AttemptOutcome.Finished);
    }

    [Fact]
    public async Task Workers_report_heartbeats_with_what_they_have_done()
    {
        var pipeline = await system.GetSharedPipelineAsync();

        var ours = await OurWorkersAsync(pipeline, _ => true);
        Assert.Equal(3, ours.Count);
        Assert.All(ours, worker =>
        {
            Assert.Equal("Alive", worker.GetProperty("state").GetString());
            Assert.StartsWith("worker-", worker.GetProperty("workerId").GetString());
            Assert.True(DateTimeOffset.UtcNow - worker.GetProperty("lastHeartbeat").GetDateTimeOffset() < TimeSpan.FromSeconds(15));
        });
    }

    private static bool IsAlive(JsonElement worker) => worker.GetProperty("state").GetString() == "Alive";

    // This pipeline's workers as /api/workers lists them, once three of them pass `counted`
    // (the web app knows workers from their heartbeats), or as they are after 30 s.
    private static async Task<List<JsonElement>> OurWorkersAsync(Pipeline pipeline, Func<JsonElement, bool> counted)
    {
        var pids = pipeline.Workers.Select(worker => worker.Pid).ToHashSet();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        List<JsonElement> ours;
        do
        {
            var workers = (await pipeline.Api.GetFromJsonAsync<JsonElement[]>("/api/workers"))!;
            ours = workers.Where(worker => pids.Contains(worker.GetProperty("processId").GetInt32())).ToList();
            await Task.Delay(200);
        }
        while (ours.Count(counted) < 3 && DateTime.UtcNow < deadline);

        return ours;
    }
}
