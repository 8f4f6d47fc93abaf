using Microsoft.Extensions.Options;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Execution;

// Takes tasks from the three priority queues, each on its own channel, and runs up to
// Worker:Concurrency of them at once in all: deliveries wait for one of the shared slots,
// which go to the priorities by weight (PrioritySlots). A high task is delivered at once
// because its queue's prefetch is not used up by the normal backlog. A bundle of a request's
// tasks (TaskBundleRunner) takes a slot per task, as if they had come alone. On shutdown it stops
// taking new ones, lets running ones hand themselves back, then closes the channels, which
// returns anything still unacked to its queue.
public sealed class TaskConsumer(
    QueueConsumerFactory consumers, TaskRunner runner, TaskBundleRunner bundles, IOptions<WorkerOptions> options, WorkerIdentity worker,
    ILogger<TaskConsumer> logger)
    : BackgroundService
{
    private static readonly TimeSpan s_drainTimeout = TimeSpan.FromSeconds(4);

    // Cancelling a consumer and closing its channel each wait for the broker's reply, which a
    // broker that is stopping too (Ctrl+C stops everything at once) may never send: the client
    // would wait out its 20 s RPC timeout per channel. Unacked deliveries return to their queues
    // when the connection goes anyway, so the replies are waited for this long, all at once.
    private static readonly TimeSpan s_brokerReplyTimeout = TimeSpan.FromSeconds(2);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var concurrency = (ushort)options.Value.Concurrency;
        var slots = new PrioritySlots(concurrency, options.Value.PriorityWeights);
        var subscriptions = new List<QueueSubscription>();
        try
        {
            foreach (var priority in Enum.GetValues<TaskPriority>())
            {
                // Normal carries the bulk: twice the slots in flight keeps the next task at hand.
                var prefetch = (ushort)(priority == TaskPriority.Normal ? concurrency * 2 : concurrency);
                subscriptions.Add(await consumers.ConsumeAsync(
                    new ConsumerOptions(TaskQueues.QueueFor(priority), prefetch, Concurrency: prefetch, CoalesceAcks: true),
                    async (message, cancellationToken) =>
                    {
                        if (message.Type == nameof(TaskQueuedBundle))
                        {
                            await bundles.RunAsync(message, priority, slots, cancellationToken);
                            return;
                        }

                        using var slot = await slots.AcquireAsync(priority, cancellationToken);
                        await runner.RunAsync(message, slot, cancellationToken);
                    },
                    stoppingToken));
            }

            logger.LogInformation("Worker {WorkerId} consuming {Queues} with concurrency {Concurrency}",
                worker.Id, string.Join(", ", subscriptions.Select(subscription => subscription.Queue)), concurrency);

            await Task.Delay(Timeout.Infinite, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);

            using (var replyTimeout = new CancellationTokenSource(s_brokerReplyTimeout))
            {
                await WithinReplyTimeoutAsync(subscriptions.Select(subscription => subscription.StopAsync(replyTimeout.Token)));
            }

            var deadline = DateTimeOffset.UtcNow + s_drainTimeout;
            while (runner.InFlight > 0 && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(50, CancellationToken.None);
            }

            logger.LogInformation("Worker {WorkerId} stopped; {InFlight} tasks still in flight return to the queue", worker.Id, runner.InFlight);
        }
        finally
        {
            await WithinReplyTimeoutAsync(subscriptions.Select(subscription => subscription.DisposeAsync().AsTask()));
        }
    }

    private async Task WithinReplyTimeoutAsync(IEnumerable<Task> brokerCalls)
    {
        try
        {
            await Task.WhenAll(brokerCalls).WaitAsync(s_brokerReplyTimeout);
        }
        catch (Exception exception)
        {
            logger.LogInformation("The broker did not answer while the worker stopped ({Reason}); its deliveries return with the connection", exception.Message);
        }
    }
}
