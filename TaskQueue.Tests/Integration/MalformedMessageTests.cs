using System.Text;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Garbage published straight onto the queues ends in the dead-letter queue with its reason;
// no service crashes or wedges, and real work keeps flowing.
[Collection(SystemCollection.Name)]
public sealed class MalformedMessageTests(SystemFixture system)
{
    [Fact]
    public async Task Malformed_messages_are_dead_lettered_and_services_stay_up()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        var before = await broker.MessageCountAsync(Topology.DeadLetterQueue);

        await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, "TaskQueued", Encoding.UTF8.GetBytes("not json at all"));
        await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, "TaskQueued", Encoding.UTF8.GetBytes("{}"));
        await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, "SomethingElse", Encoding.UTF8.GetBytes("{}"));
        await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, null, [0xff, 0xfe, 0x00]);
        await broker.PublishAsync(Topology.EventsExchange, "task.finished", "TaskFinished", Encoding.UTF8.GetBytes("{\"taskId\":"));
        await broker.PublishAsync(Topology.EventsExchange, "task.finished", "TasksChanged", Encoding.UTF8.GetBytes("{\"taskIds\":[],\"occurredAt\":\"2026-01-01T00:00:00Z\"}"));

        var deadLetters = await broker.WaitForMessageCountAsync(Topology.DeadLetterQueue, before + 6, TimeSpan.FromSeconds(30));
        Assert.Equal(before + 6, deadLetters);

        var listed = await WaitForDeadLettersAsync(pipeline, "not valid", 3);
        var queues = listed.Select(item => item.GetProperty("originalQueue").GetString()).ToHashSet();
        Assert.Equal([Topology.SinkQueue, Topology.TasksQueue], queues.Order());

        Assert.True(await pipeline.Sink.IsHealthyAsync());
        Assert.True(await pipeline.Web.IsHealthyAsync());
        Assert.All(pipeline.Workers, worker => Assert.False(worker.HasExited));
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "still working" } }]);
        var task = await pipeline.WaitForTaskAsync(ids[0], task => task.Status.IsTerminal(), TimeSpan.FromSeconds(60));
        Assert.Equal(TaskItemStatus.Finished, task.Status);
    }

    // The API lists what the sink recorded; bodies that are not UTF-8 come back as base64.
    private static async Task<List<System.Text.Json.JsonElement>> WaitForDeadLettersAsync(Pipeline pipeline, string reason, int atLeast)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<System.Text.Json.JsonElement>(pipeline.Api, "/api/dead-letters?pageSize=500");
            var matching = page.GetProperty("items").EnumerateArray()
                .Where(item => item.GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal)).ToList();
            if (matching.Count >= atLeast || DateTime.UtcNow > deadline)
            {
                Assert.True(matching.Count >= atLeast, $"expected {atLeast} dead letters mentioning '{reason}': {page}");
                return matching;
            }

            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task A_well_formed_task_of_an_unknown_type_fails_with_the_reason()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = 1 } }]);
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Finished, TimeSpan.FromSeconds(60));

        // A message naming a type no worker knows (an older or newer client, say) for a real task.
        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        await using (var db = pipeline.CreateDb())
        {
            var task = db.Tasks.Single(t => t.Id == ids[0]);
            task.Status = TaskItemStatus.Queued;
            task.Attempt = 2;
            await db.SaveChangesAsync();
        }

        var message = new TaskQueue.Messaging.Contracts.TaskQueued(ids[0], "teleport", System.Text.Json.JsonSerializer.SerializeToElement(new { }), 2, 2, 5, DateTimeOffset.UtcNow);
        await broker.PublishAsync(Topology.TasksExchange, Topology.TaskRoutingKey, "TaskQueued", MessageSerializer.Serialize(message));

        var failed = await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Failed, TimeSpan.FromSeconds(60));
        Assert.Contains("Unknown task type 'teleport'", failed.Error);
    }
}
