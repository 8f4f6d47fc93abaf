using Microsoft.Extensions.Options;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Worker.Execution;

// Announces this worker every few seconds on the heartbeats fanout (transient messages: a
// missed one is simply superseded by the next).
public sealed class HeartbeatPublisher(
    IMessagePublisher publisher, CancellationRegistry cancellations, WorkerStatistics statistics, WorkerIdentity worker,
    IOptions<WorkerOptions> options, TimeProvider timeProvider, ILogger<HeartbeatPublisher> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, timeProvider);
        try
        {
            do
            {
                await PublishAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PublishAsync(CancellationToken stoppingToken)
    {
        try
        {
            var heartbeat = new WorkerHeartbeat(worker.Id, Environment.MachineName, Environment.ProcessId, statistics.StartedAt,
                options.Value.Concurrency, cancellations.RunningTaskIds, statistics.Processed, statistics.Failed, timeProvider.GetUtcNow());
            await publisher.PublishAsync(OutgoingMessage.Create(Topology.HeartbeatsExchange, "", heartbeat).AsNotification(), stoppingToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            logger.LogDebug(exception, "Heartbeat not published");
        }
    }
}
