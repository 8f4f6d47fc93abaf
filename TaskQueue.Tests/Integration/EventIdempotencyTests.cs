using System.Text.Json;
using TaskQueue.Data.Model;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Execution is at-least-once, the recorded outcome effectively-once: replayed and stale
// events reach the real sink through the real broker and change nothing.
[Collection(SystemCollection.Name)]
public sealed class EventIdempotencyTests(SystemFixture system)
{
    private static readonly TimeSpan s_timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Duplicate_and_stale_events_change_nothing()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "original" } }]);
        var finished = await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Finished, s_timeout);

        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        var now = DateTimeOffset.UtcNow;
        await broker.PublishEventAsync(new TaskFinished(ids[0], 1, "impostor", JsonSerializer.SerializeToElement("forged"), now, now));
        await broker.PublishEventAsync(new TaskStarted(ids[0], 1, "impostor", false, now));
        await broker.PublishEventAsync(new TaskFailed(ids[0], 0, "impostor", "stale failure", now, null, now));
        await broker.PublishEventAsync(new TaskCancelled(ids[0], 1, "impostor", now));
        // A marker event on another task shows when the sink has processed everything above.
        var marker = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "marker" } }]);
        await pipeline.WaitForTaskAsync(marker[0], task => task.Status == TaskItemStatus.Finished, s_timeout);
        await Task.Delay(300);

        var after = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);
        Assert.Equal(TaskItemStatus.Finished, after.Status);
        Assert.Equal("\"original\"", after.Result);
        Assert.Equal(finished.WorkerId, after.WorkerId);
        Assert.Equal(finished.FinishedAt, after.FinishedAt);
        Assert.Single(after.Attempts);
    }

    [Fact]
    public async Task An_event_from_an_older_attempt_does_not_touch_a_retried_task()
    {
        var pipeline = await system.GetSharedPipelineAsync();
        var ids = await pipeline.SubmitAsync([new { type = "script", input = new { code = "throw new Error('always')" } }]);
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Failed, s_timeout);
        using var retry = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/retry", null);
        var retried = await pipeline.WaitForTaskAsync(ids[0], task => task.Attempt == 2 && task.Status == TaskItemStatus.Failed, s_timeout);

        await using var broker = await RawBroker.ConnectAsync(pipeline.MessagingConnectionString);
        var now = DateTimeOffset.UtcNow;
        await broker.PublishEventAsync(new TaskFinished(ids[0], 1, "late-worker", JsonSerializer.SerializeToElement(42), now, now));
        var marker = await pipeline.SubmitAsync([new { type = "echo", input = new { value = "marker" } }]);
        await pipeline.WaitForTaskAsync(marker[0], task => task.Status == TaskItemStatus.Finished, s_timeout);
        await Task.Delay(300);

        var after = await pipeline.WaitForTaskAsync(ids[0], _ => true, s_timeout);
        Assert.Equal(TaskItemStatus.Failed, after.Status);
        Assert.Equal(2, after.Attempt);
        Assert.Null(after.Result);
        Assert.Equal(retried.Error, after.Error);
    }
}
