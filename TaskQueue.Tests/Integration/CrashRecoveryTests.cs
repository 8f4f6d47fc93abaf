using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Integration;

// Guarantee 1: an accepted task is never lost, whichever process dies.
[Collection(SystemCollection.Name)]
public sealed class CrashRecoveryTests(SystemFixture system)
{
    [Fact]
    public async Task Killing_a_worker_mid_task_loses_nothing()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 2);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 40).Select(_ => new { type = "simulation", input = new { steps = 20, seconds = 5 } }));
        var victim = pipeline.Workers[0];
        await Eventually.TrueAsync(async () =>
        {
            await using var db = pipeline.CreateDb();
            return db.Tasks.Count(task => task.Status == TaskItemStatus.Running && task.WorkerId!.StartsWith("worker-1:")) >= 3;
        }, TimeSpan.FromSeconds(60), "worker-1 to be running tasks");

        await victim.KillAsync();
        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(120));

        Assert.Equal(40, counts.GetValueOrDefault(TaskItemStatus.Finished));
        await using var db = pipeline.CreateDb();
        var lost = db.Attempts.Where(attempt => ids.Contains(attempt.TaskId) && attempt.Outcome == AttemptOutcome.Lost).ToList();
        Assert.NotEmpty(lost);
        Assert.All(lost, attempt => Assert.StartsWith("worker-1:", attempt.WorkerId));
        Assert.All(db.Tasks.Where(task => ids.Contains(task.Id)).ToList(), task => Assert.StartsWith("worker-2:", task.WorkerId));
    }

    [Fact]
    public async Task Killing_the_sink_mid_run_loses_nothing_once_it_is_back()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 2);
        // One-second tasks, 32 at a time: the run lasts several seconds whatever the machine.
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 200).Select(_ => new { type = "simulation", input = new { steps = 5, seconds = 1 } }));
        await Eventually.TrueAsync(async () => (await pipeline.CountByStatusAsync(ids)).GetValueOrDefault(TaskItemStatus.Finished) >= 20,
            TimeSpan.FromSeconds(60), "the first 20 tasks to finish");

        await pipeline.Sink.KillAsync();
        var whileDown = await pipeline.CountByStatusAsync(ids);
        await Task.Delay(2000);
        await pipeline.RestartSinkAsync();
        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(120));

        Assert.True(whileDown.GetValueOrDefault(TaskItemStatus.Finished) < 200, "the sink should have been killed mid-run");
        Assert.Equal(200, counts.GetValueOrDefault(TaskItemStatus.Finished));
    }

    [Fact]
    public async Task Tasks_accepted_while_no_worker_runs_wait_and_then_finish()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 20).Select(i => new { type = "echo", input = new { value = i } }));
        // A cancellation broadcast that no worker hears must not wedge the outbox.
        using var cancel = await pipeline.Api.PostAsync($"/api/tasks/{ids[0]}/cancel", null);
        await Eventually.TrueAsync(async () =>
        {
            await using var db = pipeline.CreateDb();
            return !db.Outbox.Any();
        }, TimeSpan.FromSeconds(30), "the outbox to drain");
        await pipeline.WaitForTaskAsync(ids[0], task => task.Status == TaskItemStatus.Cancelled, TimeSpan.FromSeconds(30));
        Assert.Equal(19, (await pipeline.CountByStatusAsync(ids)).GetValueOrDefault(TaskItemStatus.Queued));

        await pipeline.StartWorkerAsync();
        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(60));

        Assert.Equal(19, counts.GetValueOrDefault(TaskItemStatus.Finished));
        Assert.Equal(1, counts.GetValueOrDefault(TaskItemStatus.Cancelled));
    }
}
