using System.Text;
using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Workers report outcomes in batches (TaskOutcomes); the sink applies every item of one, and
// dead-letters a batch with a bad item, naming it.
[Collection(SystemCollection.Name)]
public sealed class OutcomeBatchTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task The_sink_applies_every_outcome_of_a_batch()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        // Running for a few seconds, so the batch below is the first outcome the sink sees.
        var ids = await pipeline.SubmitAsync([
            new { type = "simulation", input = new { seconds = 3 } },
            new { type = "simulation", input = new { seconds = 3 } },
        ]);

        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        var now = DateTimeOffset.UtcNow;
        var batch = new TaskOutcomes([.. ids.Select(id => (ITaskOutcome)new TaskFinished(id, 1, "batching-worker", JsonSerializer.SerializeToElement("from the batch"), now, now))]);
        await broker.PublishAsync(Topology.EventsExchange, "task.finished", nameof(TaskOutcomes), MessageSerializer.Serialize(batch));

        foreach (var id in ids)
        {
            var task = await pipeline.WaitForTaskAsync(id, task => task.Status.IsTerminal(), s_timeout);
            Assert.Equal(TaskItemStatus.Finished, task.Status);
            Assert.Equal("\"from the batch\"", task.Result);
            Assert.Equal("batching-worker", task.WorkerId);
        }
    }

    [Fact]
    public async Task A_batch_with_a_bad_item_is_dead_lettered_naming_it()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        var before = await broker.MessageCountAsync(Topology.DeadLetterQueue);

        var good = $$"""{"type":"TaskCancelled","taskId":"{{Guid.NewGuid()}}","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""";
        var unknownType = """{"type":"TaskTeleported","taskId":"6f1c1b8e-3c51-4f57-9d52-7a6f3f0c2b11","attempt":1,"occurredAt":"2026-01-01T00:00:00Z"}""";
        var noTaskId = """{"type":"TaskCancelled","taskId":"00000000-0000-0000-0000-000000000000","attempt":1,"workerId":"w","occurredAt":"2026-01-01T00:00:00Z"}""";
        await broker.PublishAsync(Topology.EventsExchange, "task.cancelled", nameof(TaskOutcomes), Encoding.UTF8.GetBytes($$"""{"outcomes":[{{good}},{{unknownType}}]}"""));
        await broker.PublishAsync(Topology.EventsExchange, "task.cancelled", nameof(TaskOutcomes), Encoding.UTF8.GetBytes($$"""{"outcomes":[{{good}},{{good}},{{noTaskId}}]}"""));

        Assert.Equal(before + 2, await broker.WaitForMessageCountAsync(Topology.DeadLetterQueue, before + 2, s_timeout));
        await WaitForDeadLetterAsync(pipeline, "TaskOutcomes body is not valid: item 1:");
        await WaitForDeadLetterAsync(pipeline, "TaskOutcomes item 2 is not an outcome with a taskId");
        Assert.True(await pipeline.Sink.IsHealthyAsync());
    }

    private static async Task WaitForDeadLetterAsync(Pipeline pipeline, string reason)
    {
        var deadline = DateTime.UtcNow + s_timeout;
        while (true)
        {
            var page = await System.Net.Http.Json.HttpClientJsonExtensions.GetFromJsonAsync<JsonElement>(pipeline.Api, "/api/dead-letters?pageSize=500");
            if (page.GetProperty("items").EnumerateArray().Any(item => item.GetProperty("reason").GetString()!.Contains(reason, StringComparison.Ordinal)))
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"no dead letter says '{reason}': {page}");
            await Task.Delay(200);
        }
    }
}
