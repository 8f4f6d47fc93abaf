using System.Diagnostics;
using System.Threading.Channels;
using TaskQueue.Messaging;
using TaskQueue.Messaging.Contracts;

namespace TaskQueue.Worker.Execution;

// Reports outcomes in batches: one loop takes whatever outcomes are waiting, publishes them as
// one confirmed message per outcome type, and only after the broker's confirm acks their task
// deliveries (coalesced per channel) and lets each caller go on. Before it takes a batch it
// waits for the tasks still running here (RunningTasks), at most DefaultLinger: a bundle's
// short tasks then report as one message rather than two or three. A task that runs alone
// reports at once; under load the outcomes that arrive while a few batches await their confirms
// form the next batch.
public sealed class OutcomeBatcher : IAsyncDisposable
{
    internal const int MaxBatchSize = 200;

    // Batches awaiting their confirms at once: more than one, so throughput does not wait on
    // one round trip; few, so that most outcomes under load wait for a batch instead.
    internal const int MaxBatchesInFlight = 3;

    // How long a batch waits for the outcomes of tasks still running. Short next to any task
    // that takes long; long enough for a bundle of echo-sized tasks to finish on a busy machine.
    public static readonly TimeSpan DefaultLinger = TimeSpan.FromMilliseconds(2);

    private readonly IMessagePublisher _publisher;
    private readonly ILogger<OutcomeBatcher> _logger;
    private readonly RunningTasks _running = new();
    private readonly TimeSpan _linger;
    private readonly Channel<PendingOutcome> _waiting = Channel.CreateUnbounded<PendingOutcome>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _batchSlots = new(MaxBatchesInFlight, MaxBatchesInFlight);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;

    // Batches ack in the order they were taken, though their confirms may be handled out of
    // order: an ack with multiple: true covers a batch only once the batches before it on
    // the same channels are settled.
    private Task _previousAcks = Task.CompletedTask;

    public OutcomeBatcher(IMessagePublisher publisher, ILogger<OutcomeBatcher> logger, TimeSpan? linger = null)
    {
        _publisher = publisher;
        _logger = logger;
        _linger = linger ?? DefaultLinger;
        // The loop is nobody's: it must not carry the trace of whatever first resolved it.
        using (ExecutionContext.SuppressFlow())
        {
            _loop = Task.Run(BatchAsync);
        }
    }

    // For the runner: held while a task runs, and disposed once its outcome is reported.
    public IDisposable TrackRunning() => _running.Track();

    // Completes once the outcome is confirmed by the broker and the delivery acked; throws if
    // the publish failed, leaving the delivery to be requeued and run again. Without a delivery
    // (an order of a bundle) the caller settles the delivery itself.
    public Task ReportAsync(ITaskOutcome outcome, DeliveredMessage? delivery, CancellationToken cancellationToken)
    {
        var pending = new PendingOutcome(outcome, delivery, Activity.Current);
        if (!_waiting.Writer.TryWrite(pending))
        {
            throw new ObjectDisposedException(nameof(OutcomeBatcher));
        }

        return pending.Reported.Task.WaitAsync(cancellationToken);
    }

    private async Task BatchAsync()
    {
        try
        {
            while (await _waiting.Reader.WaitToReadAsync(_stopping.Token))
            {
                await _batchSlots.WaitAsync(_stopping.Token);
                await WaitForRunningTasksAsync();
                var batch = new List<PendingOutcome>();
                while (batch.Count < MaxBatchSize && _waiting.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                var acked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = PublishAsync(batch, _previousAcks, acked);
                _previousAcks = acked.Task;
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            while (_waiting.Reader.TryRead(out var pending))
            {
                pending.Reported.TrySetCanceled();
            }
        }
    }

    private async Task WaitForRunningTasksAsync()
    {
        var noneRunning = _running.NoneRunningAsync();
        if (!noneRunning.IsCompleted)
        {
            await Task.WhenAny(noneRunning, Task.Delay(_linger, _stopping.Token));
        }
    }

    private async Task PublishAsync(List<PendingOutcome> batch, Task previousAcks, TaskCompletionSource acked)
    {
        try
        {
            var confirmed = await Task.WhenAll(batch.GroupBy(pending => pending.Outcome.GetType()).Select(PublishOneTypeAsync));
            await previousAcks;
            await AckAsync([.. confirmed.SelectMany(outcomes => outcomes)]);
        }
        finally
        {
            acked.TrySetResult();
            _batchSlots.Release();
        }
    }

    // The outcomes that were confirmed; callers of the others fail, and their tasks are requeued.
    private async Task<IReadOnlyList<PendingOutcome>> PublishOneTypeAsync(IEnumerable<PendingOutcome> outcomes)
    {
        var batch = outcomes.ToList();

        // The message continues the trace of an outcome that is being kept (the first such), so
        // a kept trace runs on through the sink, whether its batch holds one outcome (as at human
        // scale) or many; the other outcomes' traces were not kept.
        Activity.Current = batch.Select(pending => pending.Trace).FirstOrDefault(trace => trace?.Recorded == true) ?? batch[0].Trace;
        try
        {
            var message = new TaskOutcomes([.. batch.Select(pending => pending.Outcome)]);
            await _publisher.PublishAsync(
                OutgoingMessage.Create(Topology.EventsExchange, TaskOutcomes.RoutingKeyFor(batch[0].Outcome), message), _stopping.Token);
            return batch;
        }
        catch (Exception exception)
        {
            _logger.LogWarning("Publishing {Count} outcomes failed; their tasks return to the queue: {Reason}", batch.Count, exception.Message);
            batch.ForEach(pending => pending.Reported.TrySetException(exception));
            return [];
        }
    }

    private async Task AckAsync(IReadOnlyList<PendingOutcome> confirmed)
    {
        try
        {
            await DeliveredMessage.AckAllAsync([.. confirmed.Select(pending => pending.Delivery).OfType<DeliveredMessage>()]);
        }
        catch (Exception exception)
        {
            // The connection dropped after the confirm: the broker hands these tasks out again,
            // and the sink recognises their second outcomes as duplicates.
            _logger.LogWarning("Could not ack {Count} reported tasks: {Reason}", confirmed.Count, exception.Message);
        }

        foreach (var pending in confirmed)
        {
            pending.Reported.TrySetResult();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _waiting.Writer.TryComplete();
        await _stopping.CancelAsync();
        await _loop;
        _stopping.Dispose();
    }

    private sealed record PendingOutcome(ITaskOutcome Outcome, DeliveredMessage? Delivery, Activity? Trace)
    {
        public TaskCompletionSource Reported { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
