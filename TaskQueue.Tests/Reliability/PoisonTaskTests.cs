using System.Net.Http.Json;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Reliability;

// A task whose delivery kills its worker again and again is quarantined after the queue's
// delivery limit, instead of crashing workers forever, and its task says why.
[Collection(SystemCollection.Name)]
public sealed class PoisonTaskTests(SystemFixture system)
{
    private static readonly object s_poison = new { type = "simulation", input = new { steps = 100, seconds = 120 }, timeoutSeconds = 600 };

    [Fact]
    public async Task A_task_that_keeps_killing_its_worker_is_quarantined_and_marked_failed()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var ids = await pipeline.SubmitAsync([s_poison]);

        var (task, kills) = await KillItsWorkersUntilItFailsAsync(pipeline, ids[0]);

        Assert.Equal(TaskItemStatus.Failed, task.Status);
        Assert.Contains("Quarantined", task.Error);
        Assert.Equal(Topology.DeliveryLimit + 1, kills);
        Assert.Equal(kills, task.Attempts.Count(attempt => attempt.Outcome == AttemptOutcome.Lost) + 1);

        // Operators see it among the dead letters and can give it another run.
        var page = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/dead-letters");
        var deadLetter = page.GetProperty("items").EnumerateArray().Single(item => item.GetProperty("taskId").GetString() == ids[0].ToString());
        Assert.Contains("Quarantined", deadLetter.GetProperty("reason").GetString());
        using var requeued = await pipeline.Api.PostAsync($"/api/dead-letters/{deadLetter.GetProperty("id").GetInt64()}/requeue", null);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, requeued.StatusCode);
        // The last worker is still up and may take the new attempt before a poll sees it Queued.
        var again = await pipeline.WaitForTaskAsync(ids[0],
            current => current.Attempt > task.Attempt && current.Status is TaskItemStatus.Queued or TaskItemStatus.Running, TimeSpan.FromSeconds(30));
        Assert.Equal(task.Attempt + 1, again.Attempt);
        var after = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/dead-letters");
        Assert.DoesNotContain(after.GetProperty("items").EnumerateArray(), item => item.GetProperty("taskId").GetString() == ids[0].ToString());
    }

    // Tasks of one request travel as one bundle; the bundle delivered again is split, so the
    // delivery limit counts the poison task alone and its sibling is not quarantined with it.
    [Fact]
    public async Task A_task_that_keeps_killing_its_worker_from_a_bundle_is_split_out_and_quarantined_alone()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var ids = await pipeline.SubmitAsync([s_poison, new { type = "echo", input = new { value = "beside the poison" } }]);

        var (task, kills) = await KillItsWorkersUntilItFailsAsync(pipeline, ids[0]);

        Assert.Equal(TaskItemStatus.Failed, task.Status);
        Assert.Contains("Quarantined", task.Error);
        // One death while in the bundle, then the delivery limit's count as a task of its own.
        Assert.Equal(Topology.DeliveryLimit + 2, kills);
        var sibling = await pipeline.WaitForTaskAsync(ids[1], current => current.Status.IsTerminal(), TimeSpan.FromSeconds(30));
        Assert.Equal(TaskItemStatus.Finished, sibling.Status);
        var page = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/dead-letters");
        var deadLetter = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal(ids[0].ToString(), deadLetter.GetProperty("taskId").GetString());
    }

    // Starts a worker, kills it once the task runs there, and again, until the task fails.
    private static async Task<(TaskItem Task, int Kills)> KillItsWorkersUntilItFailsAsync(Pipeline pipeline, Guid id)
    {
        var kills = 0;
        TaskItem task;
        do
        {
            var worker = await pipeline.StartWorkerAsync();
            task = await pipeline.WaitForTaskAsync(id,
                current => current.Status == TaskItemStatus.Failed
                    || (current.Status == TaskItemStatus.Running && current.WorkerId!.StartsWith($"worker-{pipeline.Workers.Count}:", StringComparison.Ordinal)),
                TimeSpan.FromSeconds(60));
            if (task.Status == TaskItemStatus.Running)
            {
                await worker.KillAsync();
                kills++;
            }
        }
        while (task.Status != TaskItemStatus.Failed && kills <= Topology.DeliveryLimit + 3);

        return (task, kills);
    }
}
