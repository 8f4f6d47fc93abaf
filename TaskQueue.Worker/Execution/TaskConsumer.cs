using Microsoft.Extensions.Options;
using TaskQueue.Messaging;

namespace TaskQueue.Worker.Execution;

// Takes tasks from the tasks queue, up to Worker:Concurrency at once. On shutdown it stops
// taking new ones, lets running ones hand themselves back, then closes the channel, which
// returns anything still unacked to the queue.
public sealed class TaskConsumer(
    QueueConsumerFactory consumers, TaskRunner runner, IOptions<WorkerOptions> options, WorkerIdentity worker, ILogger<TaskConsumer> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(4);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = (ushort)options.Value.Concurrency;
        await using var subscription = await consumers.ConsumeAsync(
            new ConsumerOptions(Topology.TasksQueue, Prefetch: (ushort)(concurrency * 2), Concurrency: concurrency),
            runner.RunAsync,
            stoppingToken);
        logger.LogInformation("Worker {WorkerId} consuming {Queue} with concurrency {Concurrency}", worker.Id, Topology.TasksQueue, concurrency);

        await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);

        await subscription.StopAsync(CancellationToken.None);
        var deadline = DateTimeOffset.UtcNow + s_drainTimeout;
        while (runner.InFlight > 0 && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(50, CancellationToken.None);
        }

        logger.LogInformation("Worker {WorkerId} stopped; {InFlight} tasks still in flight return to the queue", worker.Id, runner.InFlight);
    }
}
