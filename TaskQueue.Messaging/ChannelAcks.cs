using RabbitMQ.Client;

namespace TaskQueue.Messaging;

// Settles the deliveries of one channel with as few broker calls as is exact. An ack with
// multiple: true up to tag N settles every unacked delivery up to N, so it is used only when
// each of them is known to be settled already or is being acked now; otherwise each
// delivery is acked alone. Tasks finish out of order, so this is tracked per channel.
//
// A channel numbers its deliveries 1, 2, 3, … with no gaps (the client's automatic recovery
// keeps numbering on across a new connection), so "settled through W" plus the settled tags
// above W is the whole state: a tag not yet seen here is unsettled, including one whose
// handler has not started yet. Every ack and requeue of the channel goes through here, one
// at a time, so a multiple ack never overtakes a settlement of a tag below it.
public sealed class ChannelAcks
{
    private readonly IChannel _channel;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly SortedSet<ulong> _settledAbove = [];
    private ulong _settledThrough;
    private ulong _highestDelivered;
    private ulong _returnedThrough;

    public ChannelAcks(IChannel channel)
    {
        _channel = channel;

        // A closed channel returned everything unsettled to its queue: acks of those are
        // dropped by the client, and numbering goes on above the last delivery seen. Applied
        // by the next settlement, so the client's shutdown never waits for the gate.
        channel.ChannelShutdownAsync += (_, _) =>
        {
            RaiseTo(ref _returnedThrough, Interlocked.Read(ref _highestDelivered));
            return Task.CompletedTask;
        };
    }

    // Called for every delivery before its handler runs, in any order.
    public void Delivered(ulong deliveryTag) => RaiseTo(ref _highestDelivered, deliveryTag);

    public async Task AckAsync(IReadOnlyCollection<ulong> deliveryTags)
    {
        await _gate.WaitAsync();
        try
        {
            ForgetReturned();
            var acking = new SortedSet<ulong>(deliveryTags.Where(tag => !IsSettled(tag)));
            var through = _settledThrough;
            while (_settledAbove.Contains(through + 1) || acking.Contains(through + 1))
            {
                through++;
            }

            // Settlement sends ignore the callers' tokens: a send abandoned half way would leave
            // a delivery looking settled here while the broker still holds it.
            var covered = through > _settledThrough ? acking.GetViewBetween(_settledThrough + 1, through).ToList() : [];
            if (covered.Count > 0)
            {
                await _channel.BasicAckAsync(covered[^1], multiple: covered.Count > 1, CancellationToken.None);
                MarkSettled(covered);
            }

            foreach (var tag in acking.Except(covered))
            {
                await _channel.BasicAckAsync(tag, multiple: false, CancellationToken.None);
                MarkSettled([tag]);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    // Back to the queue for another consumer, e.g. when a worker shuts down mid-task.
    public async Task RequeueAsync(ulong deliveryTag)
    {
        await _gate.WaitAsync();
        try
        {
            ForgetReturned();
            if (IsSettled(deliveryTag))
            {
                return;
            }

            await _channel.BasicNackAsync(deliveryTag, multiple: false, requeue: true, CancellationToken.None);
            MarkSettled([deliveryTag]);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Settling a delivery twice would close the channel ("unknown delivery tag"). It happens
    // when a task gives up waiting for its outcome's confirm and is requeued, and the confirm
    // comes after all: whichever settlement comes first wins. A delivery returned to its queue
    // with a closed channel is settled too, and the client would drop its ack anyway.
    private bool IsSettled(ulong deliveryTag) => deliveryTag <= _settledThrough || _settledAbove.Contains(deliveryTag);

    // Only after the broker call went out: a failed send leaves the tag unsettled, so no later
    // multiple ack can settle it by accident.
    private void MarkSettled(IEnumerable<ulong> deliveryTags)
    {
        foreach (var tag in deliveryTags.Where(tag => tag > _settledThrough))
        {
            _settledAbove.Add(tag);
        }

        while (_settledAbove.Remove(_settledThrough + 1))
        {
            _settledThrough++;
        }
    }

    private void ForgetReturned()
    {
        var returned = Interlocked.Read(ref _returnedThrough);
        if (returned > _settledThrough)
        {
            _settledThrough = returned;
            _settledAbove.RemoveWhere(tag => tag <= returned);
            MarkSettled([]);
        }
    }

    private static void RaiseTo(ref ulong value, ulong candidate)
    {
        var seen = Interlocked.Read(ref value);
        while (candidate > seen)
        {
            var previous = Interlocked.CompareExchange(ref value, candidate, seen);
            if (previous == seen)
            {
                return;
            }

            seen = previous;
        }
    }
}
