using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// A batch (one POST /api/tasks/batch) as one unit on the real pipeline: its batchId, its
// progress counted from its tasks, cancelling and retrying all of it, and owners.
[Collection(SystemCollection.Name)]
public sealed class BatchTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_batch_reports_its_progress_and_retries_its_failed_tasks_as_one()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var (batchId, ids) = await CreateBatchAsync(pipeline.Api, [
            new { type = "echo", input = new { value = 1 } },
            new { type = "fibonacci", input = new { n = 10 } },
            new { type = "script", input = new { code = "throw new Error('on purpose')" }, maxAttempts = 1 },
        ]);

        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);
        var ended = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}");
        var listed = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/tasks?batchId={batchId}");
        using var retry = await pipeline.Api.PostAsync($"/api/batches/{batchId}/retry", null);
        var retried = await pipeline.WaitForTaskAsync(ids[2], task => task.Attempt == 2 && task.Status.IsTerminal(), s_timeout);
        var first = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);

        Assert.Equal("Failed", ended.GetProperty("status").GetString());
        Assert.Equal(3, ended.GetProperty("total").GetInt32());
        Assert.Equal(2, ended.GetProperty("finished").GetInt32());
        Assert.Equal(1, ended.GetProperty("failed").GetInt32());
        Assert.Equal(0, ended.GetProperty("inFlight").GetInt32());
        Assert.Equal(1, ended.GetProperty("counts").GetProperty("Failed").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, ended.GetProperty("finishedAt").ValueKind);
        Assert.Equal(ids.Order(), listed.GetProperty("items").EnumerateArray().Select(task => task.GetProperty("id").GetGuid()).Order());
        Assert.All(listed.GetProperty("items").EnumerateArray(), task => Assert.Equal(batchId, task.GetProperty("batchId").GetGuid()));
        Assert.Equal(HttpStatusCode.Accepted, retry.StatusCode);
        Assert.Equal(TaskItemStatus.Failed, retried.Status);
        Assert.Equal(1, first.Attempt);
    }

    [Fact]
    public async Task Cancelling_a_batch_cancels_its_queued_running_and_scheduled_tasks_and_keeps_its_finished_ones()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var (batchId, ids) = await CreateBatchAsync(pipeline.Api, [
            new { type = "echo", input = new { value = "done" } },
            new { type = "simulation", input = new { seconds = 30, steps = 300 } },
            new { type = "simulation", input = new { seconds = 30, steps = 300 } },
            new { type = "echo", input = new { value = "later" }, delaySeconds = 60 },
        ]);
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Finished, s_timeout);
        await pipeline.WaitForTaskAsync(ids[1], task => task.Status == TaskItemStatus.Running, s_timeout);

        using var cancel = await pipeline.Api.PostAsync($"/api/batches/{batchId}/cancel", null);
        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);
        var batch = await pipeline.Api.GetFromJsonAsync<JsonElement>($"/api/batches/{batchId}");
        using var again = await pipeline.Api.PostAsync($"/api/batches/{batchId}/cancel", null);

        Assert.Equal(HttpStatusCode.Accepted, cancel.StatusCode);
        Assert.Equal(1, counts.GetValueOrDefault(TaskItemStatus.Finished));
        Assert.Equal(3, counts.GetValueOrDefault(TaskItemStatus.Cancelled));
        Assert.Equal("Cancelled", batch.GetProperty("status").GetString());
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
    }

    [Fact]
    public async Task Another_users_batch_is_not_found_and_admins_see_every_batch()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        using var alice = await pipeline.CreateUserClientAsync("batch-alice");
        using var bob = await pipeline.CreateUserClientAsync("batch-bob");
        var (batchId, _) = await CreateBatchAsync(alice, [new { type = "echo", input = new { value = 1 } }]);

        using var bobReads = await bob.GetAsync($"/api/batches/{batchId}");
        using var bobCancels = await bob.PostAsync($"/api/batches/{batchId}/cancel", null);
        using var bobRetries = await bob.PostAsync($"/api/batches/{batchId}/retry", null);
        var bobsList = await bob.GetFromJsonAsync<JsonElement>("/api/batches");
        var alicesList = await alice.GetFromJsonAsync<JsonElement>("/api/batches");
        var adminsList = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/batches?pageSize=500");

        Assert.Equal(HttpStatusCode.NotFound, bobReads.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobCancels.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, bobRetries.StatusCode);
        Assert.Equal(0, bobsList.GetProperty("total").GetInt32());
        Assert.Equal(batchId, Assert.Single(alicesList.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        Assert.Contains(batchId, adminsList.GetProperty("items").EnumerateArray().Select(batch => batch.GetProperty("id").GetGuid()));
    }

    private static async Task<(Guid BatchId, IReadOnlyList<Guid> Ids)> CreateBatchAsync(HttpClient client, object[] tasks)
    {
        using var response = await client.PostAsJsonAsync("/api/tasks/batch", new { tasks });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        var batchId = body.GetProperty("batchId").GetGuid();
        Assert.Equal($"/api/batches/{batchId}", response.Headers.Location?.OriginalString);
        return (batchId, body.GetProperty("ids").EnumerateArray().Select(id => id.GetGuid()).ToList());
    }
}
