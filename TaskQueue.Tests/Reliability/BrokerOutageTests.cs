using System.Collections.Concurrent;
using TaskQueue.Data.Model;
using TaskQueue.Tests.Infrastructure;

namespace TaskQueue.Tests.Reliability;

// The broker restarting mid-run, or down when services start, loses nothing: publishers
// re-send what was not confirmed, consumers resume after the client's automatic recovery.
[Collection(SystemCollection.Name)]
public sealed class BrokerOutageTests(SystemFixture system)
{
    // Tasks keep arriving while the broker restarts: the web app's outbox, the workers' events
    // and retries are all publishing, and 3-second simulations are running, when the node goes
    // down. A publish whose confirm the client loses is made again (ConfirmingPublisher.ConfirmTimeout),
    // so no task is left behind.
    [Fact]
    public async Task A_broker_restart_under_steady_publishing_leaves_no_task_stuck()
    {
        // Failures put retries in flight across the restart. Retries back off exponentially, so
        // the rate sets how long the last task takes. At 0.2 a run had one of its ~2,800 tasks
        // fail 8 times in a row (0.2^8 × 2,800 ≈ 0.7 % of runs; 7 times, 4 %), and its next
        // attempt was due minutes later, past this test's wait. At 0.1, 6 failures in a row
        // (63 s of backoff in all) happen in 0.3 % of runs, 7 in 0.03 %.
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 2, failureRate: 0.1);
        var ids = new ConcurrentQueue<Guid>();
        using var stopPublishing = new CancellationTokenSource();
        var publishing = Task.Run(async () =>
        {
            for (var batch = 0; !stopPublishing.IsCancellationRequested; batch++)
            {
                var tasks = Enumerable.Range(0, 20).Select(i => i == 0
                    ? (object)new { type = "simulation", input = new { steps = 5, seconds = 3 }, maxAttempts = 10 }
                    : new { type = "echo", input = new { value = batch * 20 + i }, maxAttempts = 10 });
                foreach (var id in await pipeline.SubmitAsync(tasks))
                {
                    ids.Enqueue(id);
                }

                await Task.Delay(100);
            }
        });

        await Eventually.TrueAsync(() => Task.FromResult(ids.Count >= 300), TimeSpan.FromSeconds(60), "300 tasks submitted");
        await system.Broker.RestartAsync();
        // Publishing goes on across the recovery, then stops.
        await Task.Delay(TimeSpan.FromSeconds(5));
        await stopPublishing.CancelAsync();
        await publishing;

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids.ToList(), TimeSpan.FromSeconds(180));
        Assert.Equal(ids.Count, counts.GetValueOrDefault(TaskItemStatus.Finished));
        Assert.All(pipeline.Workers, worker => Assert.False(worker.HasExited));
    }

    [Fact]
    public async Task Services_started_while_the_broker_is_down_wait_and_then_connect()
    {
        await using var pipeline = await Pipeline.StartAsync(system.Broker, workers: 0);
        var ids = await pipeline.SubmitAsync(Enumerable.Range(0, 50).Select(i => new { type = "echo", input = new { value = i } }));

        await system.Broker.Node.StopAsync(TimeSpan.FromSeconds(15));
        var worker = pipeline.StartWorkerAsync();
        await Task.Delay(3000);
        Assert.False(worker.IsCompleted, "a worker cannot be healthy without its broker");
        await system.Broker.RestartAsync();
        await worker;

        var counts = await pipeline.WaitUntilAllTerminalAsync(ids, TimeSpan.FromSeconds(120));
        Assert.Equal(50, counts.GetValueOrDefault(TaskItemStatus.Finished));
    }
}
