using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// A request's tasks travel as bundles (TaskQueuedBundle). What is wrong with one task of a
// bundle stays with that task: a bad order is dead-lettered alone while the others run, and a
// dead-lettered bundle fails each of its tasks, each listed and requeued on its own.
[Collection(SystemCollection.Name)]
public sealed class TaskBundleTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_bad_order_in_a_bundle_is_dead_lettered_alone_and_the_others_run()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var id = (await FinishedTasksBackInTheQueueAsync(pipeline, 1))[0];
        var good = Order(id, attempt: 2, value: "from a bundle");
        var bad = Order(Guid.Empty, attempt: 1, value: "names no task");

        await using (var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString))
        {
            await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, nameof(TaskQueuedBundle),
                MessageSerializer.Serialize(new TaskQueuedBundle([bad, good])));
        }

        var finished = await pipeline.WaitForTaskAsync(id, task => task.Attempt == 2 && task.Status.IsTerminal(), s_timeout);
        Assert.Equal(TaskItemStatus.Finished, finished.Status);
        Assert.Equal("\"from a bundle\"", finished.Result);
        var deadLetter = await WaitForDeadLetterAsync(pipeline, item => item.GetProperty("body").GetString()!.Contains("names no task"));
        Assert.Equal(nameof(TaskQueued), deadLetter.GetProperty("type").GetString());
        Assert.Contains("TaskQueued needs a taskId", deadLetter.GetProperty("reason").GetString());
        Assert.DoesNotContain("from a bundle", deadLetter.GetProperty("body").GetString());
    }

    [Fact]
    public async Task A_dead_lettered_bundle_fails_each_task_and_each_is_requeued_on_its_own()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await FinishedTasksBackInTheQueueAsync(pipeline, 2);

        await using (var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString))
        {
            var bundle = new TaskQueuedBundle([.. ids.Select(id => Order(id, attempt: 2, value: "dead-lettered"))]);
            await broker.PublishAsync(Topology.DeadLetterExchange, "", nameof(TaskQueuedBundle), MessageSerializer.Serialize(bundle));
        }

        foreach (var id in ids)
        {
            var failed = await pipeline.WaitForTaskAsync(id, task => task.Attempt == 2 && task.Status.IsTerminal(), s_timeout);
            Assert.Equal(TaskItemStatus.Failed, failed.Status);
            Assert.StartsWith("Dead-lettered", failed.Error);
        }

        var deadLetters = new List<JsonElement>();
        foreach (var id in ids)
        {
            deadLetters.Add(await WaitForDeadLetterAsync(pipeline, item => item.GetProperty("taskId").GetString() == id.ToString()));
        }

        Assert.All(deadLetters, deadLetter => Assert.Equal(nameof(TaskQueued), deadLetter.GetProperty("type").GetString()));
        using var requeued = await pipeline.Api.PostAsync($"/api/dead-letters/{deadLetters[0].GetProperty("id").GetInt64()}/requeue", null);
        Assert.Equal(HttpStatusCode.Accepted, requeued.StatusCode);
        var again = await pipeline.WaitForTaskAsync(ids[0], task => task.Attempt == 3 && task.Status.IsTerminal(), s_timeout);
        Assert.Equal(TaskItemStatus.Finished, again.Status);
        Assert.Equal(TaskItemStatus.Failed, (await pipeline.WaitForTaskAsync(ids[1], _ => true, s_timeout)).Status);
    }

    // A worker holds up to 32 bundles of up to 32 tasks: without handing back what waits, a
    // backlog of long tasks stays with the worker that took it, and one added to drain it idles.
    [Fact]
    public async Task Tasks_of_a_bundle_that_wait_for_a_slot_go_back_to_the_queue_for_other_workers()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var first = await pipeline.StartWorkerAsync(new Dictionary<string, string>
        {
            ["Worker__Concurrency"] = "1",
            ["Worker__BundleWaitLimitSeconds"] = "1",
        });

        // With one worker, the request's four tasks go as one bundle, to it; the second worker
        // starts after that, to find only what the first hands back.
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 4).Select(_ => new { type = "simulation", input = new { steps = 5, seconds = 4 } }));
        await pipeline.StartWorkerAsync();
        await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(90));

        await using var db = pipeline.CreateDb();
        var tasks = db.Tasks.Include(task => task.Attempts).Where(task => ids.Contains(task.Id)).ToList();
        Assert.All(tasks, task =>
        {
            Assert.Equal(TaskItemStatus.Finished, task.Status);
            Assert.Equal(1, task.Attempt);
            Assert.Single(task.Attempts);
        });
        Assert.Equal(2, tasks.Select(task => task.WorkerId).Distinct().Count());
        Assert.Contains("went back to the queue alone", first.Output);
    }

    // Tasks that ran, put back as queued for a second attempt, so that an order published by
    // hand is the one the sink expects.
    private static async Task<IReadOnlyList<Guid>> FinishedTasksBackInTheQueueAsync(Pipeline pipeline, int count)
    {
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, count).Select(i => new { type = "echo", input = new { value = i } }));
        await pipeline.WaitUntilAllTerminalAsync(ids, s_timeout);
        await using var db = pipeline.CreateDb();
        foreach (var task in db.Tasks.Where(task => ids.Contains(task.Id)))
        {
            task.Status = TaskItemStatus.Queued;
            task.Attempt = 2;
        }

        await db.SaveChangesAsync();
        return ids;
    }

    private static TaskQueued Order(Guid id, int attempt, string value) =>
        new(id, "echo", JsonSerializer.SerializeToElement(new { value }), attempt, attempt, 30, DateTimeOffset.UtcNow);

    private static Task<JsonElement> WaitForDeadLetterAsync(Pipeline pipeline, Func<JsonElement, bool> matches) =>
        Eventually.GetAsync(async () =>
        {
            var page = await pipeline.Api.GetFromJsonAsync<JsonElement>("/api/dead-letters?pageSize=500");
            var found = page.GetProperty("items").EnumerateArray().FirstOrDefault(matches);
            return (found.ValueKind != JsonValueKind.Undefined, found);
        }, s_timeout, "the dead letter to be listed");
}
