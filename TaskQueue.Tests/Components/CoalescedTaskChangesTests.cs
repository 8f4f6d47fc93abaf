using TaskQueue.Tests.Infrastructure;
using TaskQueue.Web.Components.Live;
using TaskQueue.Web.Services;

namespace TaskQueue.Tests.Components;

public sealed class CoalescedTaskChangesTests
{
    private static readonly TimeSpan s_interval = TimeSpan.FromMilliseconds(250);

    [Fact]
    public async Task A_thousand_events_a_second_cause_at_most_four_refreshes_a_second()
    {
        var notifier = new TaskChangeNotifier();
        var refreshes = 0;
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var changes = new CoalescedTaskChanges(notifier, _ =>
        {
            Interlocked.Increment(ref refreshes);
            first.TrySetResult();
            return Task.CompletedTask;
        }, interval: s_interval);

        // The loop runs before the flood starts, however late a busy thread pool starts it.
        notifier.Notify([Guid.NewGuid()]);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < TimeSpan.FromSeconds(1))
        {
            notifier.Notify([Guid.NewGuid()]);
            await Task.Delay(1);
        }

        // The flood causes at least one more; nothing follows it, so waiting longer cannot add any.
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref refreshes) >= 2), TimeSpan.FromSeconds(30), "a refresh for the flood");

        await Task.Delay(s_interval * 2);

        // The first, then one per interval during the second's flood (4), plus the trailing one.
        Assert.InRange(Volatile.Read(ref refreshes), 2, 6);
    }

    [Fact]
    public async Task The_first_change_after_a_quiet_spell_refreshes_at_once()
    {
        var notifier = new TaskChangeNotifier();
        var refreshed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var changes = new CoalescedTaskChanges(notifier, _ =>
        {
            refreshed.TrySetResult();
            return Task.CompletedTask;
        }, interval: TimeSpan.FromSeconds(60));

        notifier.Notify([Guid.NewGuid()]);

        // Well inside the interval, with room for a busy CI thread pool.
        await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Changes_to_other_tasks_are_ignored()
    {
        var notifier = new TaskChangeNotifier();
        var watched = Guid.NewGuid();
        var refreshes = 0;
        var refreshed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var changes = new CoalescedTaskChanges(notifier, _ =>
        {
            Interlocked.Increment(ref refreshes);
            refreshed.TrySetResult();
            return Task.CompletedTask;
        }, taskIds => taskIds.Contains(watched), s_interval);

        notifier.Notify([Guid.NewGuid(), Guid.NewGuid()]);
        await Task.Delay(s_interval);
        Assert.Equal(0, Volatile.Read(ref refreshes));

        notifier.Notify([Guid.NewGuid(), watched]);
        await refreshed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(1, Volatile.Read(ref refreshes));
    }

    [Fact]
    public async Task Nothing_refreshes_after_dispose()
    {
        var notifier = new TaskChangeNotifier();
        var refreshes = 0;
        var changes = new CoalescedTaskChanges(notifier, _ =>
        {
            Interlocked.Increment(ref refreshes);
            return Task.CompletedTask;
        }, interval: s_interval);

        changes.Dispose();
        notifier.Notify([Guid.NewGuid()]);
        await Task.Delay(s_interval);

        Assert.Equal(0, Volatile.Read(ref refreshes));
    }

    [Fact]
    public async Task A_failed_refresh_does_not_end_the_live_updates()
    {
        var notifier = new TaskChangeNotifier();
        var refreshes = 0;
        var failed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var refreshedAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var changes = new CoalescedTaskChanges(notifier, _ =>
        {
            if (Interlocked.Increment(ref refreshes) == 1)
            {
                failed.TrySetResult();
                throw new InvalidOperationException("the database went away for a moment");
            }

            refreshedAgain.TrySetResult();
            return Task.CompletedTask;
        }, interval: TimeSpan.FromMilliseconds(10));

        notifier.Notify([Guid.NewGuid()]);
        // The second change must come after the failed refresh began: sent earlier, it would
        // merge into the first one's pending mark (a busy CI thread pool once started the loop
        // more than 200 ms late) and there would be no second refresh to wait for.
        await failed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        notifier.Notify([Guid.NewGuid()]);

        await refreshedAgain.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(2, Volatile.Read(ref refreshes));
    }
}
