using TaskQueue.Messaging;

namespace TaskQueue.Tests.Unit;

public sealed class ChannelAcksTests
{
    private readonly RecordingChannel _channel = RecordingChannel.Create();
    private readonly ChannelAcks _acks;

    public ChannelAcksTests() => _acks = new ChannelAcks(_channel.Channel);

    [Fact]
    public async Task Deliveries_acked_together_from_the_oldest_unsettled_take_one_multiple_ack()
    {
        Deliver(1, 5);

        await _acks.AckAsync([3, 1, 5, 2, 4]);

        Assert.Equal(["ack ≤5"], _channel.Sent);
    }

    [Fact]
    public async Task A_delivery_still_running_below_them_keeps_acks_single()
    {
        Deliver(1, 4);

        await _acks.AckAsync([2, 4]);
        await _acks.AckAsync([1]);

        // 3 still runs: an ack up to 4 would settle it with the others.
        Assert.Equal(["ack 2", "ack 4", "ack 1"], _channel.Sent);
    }

    [Fact]
    public async Task Deliveries_settled_earlier_let_a_later_set_ack_past_them()
    {
        Deliver(1, 6);
        await _acks.RequeueAsync(1);
        await _acks.AckAsync([4]);

        await _acks.AckAsync([2, 3, 5]);

        Assert.Equal(["requeue 1", "ack 4", "ack ≤5"], _channel.Sent);
    }

    [Fact]
    public async Task A_delivery_not_yet_handed_to_its_handler_counts_as_unsettled()
    {
        // The client numbered 1 and 2, but only 2's handler has started.
        Deliver(2, 2);

        await _acks.AckAsync([2]);
        await _acks.AckAsync([1]);

        Assert.Equal(["ack 2", "ack 1"], _channel.Sent);
    }

    [Fact]
    public async Task An_ack_that_failed_to_send_is_never_covered_by_a_later_multiple_ack()
    {
        Deliver(1, 3);
        _channel.FailAckOf = 1;

        await Assert.ThrowsAsync<IOException>(() => _acks.AckAsync([1]));
        await _acks.AckAsync([2, 3]);

        Assert.Equal(["ack 2", "ack 3"], _channel.Sent);
    }

    [Fact]
    public async Task After_the_channel_is_recovered_numbering_goes_on_and_old_tags_never_block()
    {
        Deliver(1, 3);
        await _acks.AckAsync([1]);
        await _channel.ShutDownAsync();

        // 2 and 3 went back to the queue with the old channel; the recovered one goes on at 4.
        Deliver(4, 6);
        await _acks.AckAsync([4, 5, 6]);
        await _acks.AckAsync([2]);

        Assert.Equal(["ack 1", "ack ≤6"], _channel.Sent);
    }

    // A task that gave up waiting for its outcome's confirm is requeued; the confirm may still come.
    [Fact]
    public async Task A_delivery_is_settled_once_whichever_settlement_comes_first()
    {
        Deliver(1, 2);

        await _acks.RequeueAsync(1);
        await _acks.AckAsync([1, 2]);
        await _acks.AckAsync([2]);
        await _acks.RequeueAsync(2);

        Assert.Equal(["requeue 1", "ack 2"], _channel.Sent);
    }

    private void Deliver(ulong first, ulong last)
    {
        for (var tag = first; tag <= last; tag++)
        {
            _acks.Delivered(tag);
        }
    }
}
