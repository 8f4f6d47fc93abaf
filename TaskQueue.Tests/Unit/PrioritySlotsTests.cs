using TaskQueue.Messaging.Tasks;
using TaskQueue.Worker.Execution;

namespace TaskQueue.Tests.Unit;

public sealed class PrioritySlotsTests
{
    private static readonly Dictionary<TaskPriority, int> s_weights = new()
    {
        [TaskPriority.High] = 6,
        [TaskPriority.Normal] = 3,
        [TaskPriority.Low] = 1,
    };

    [Fact]
    public async Task A_freed_slot_goes_to_a_waiting_high_task_before_earlier_normal_ones()
    {
        var slots = new PrioritySlots(1, s_weights);
        var running = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None);
        var normal = slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None).AsTask();
        var high = slots.AcquireAsync(TaskPriority.High, CancellationToken.None).AsTask();

        running.Dispose();

        var highSlot = await high.WaitAsync(TimeSpan.FromSeconds(5));
        await Task.Delay(50);
        Assert.False(normal.IsCompleted);
        highSlot.Dispose();
        (await normal.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
    }

    [Fact]
    public async Task Slots_are_shared_by_weight_so_low_tasks_still_run_under_a_flood_of_others()
    {
        var slots = new PrioritySlots(1, s_weights);
        var blocker = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None);
        var waiting = Enum.GetValues<TaskPriority>()
            .SelectMany(priority => Enumerable.Range(0, 20).Select(_ => (Priority: priority, Slot: slots.AcquireAsync(priority, CancellationToken.None).AsTask())))
            .ToList();
        var order = new List<TaskPriority>();

        blocker.Dispose();
        for (var i = 0; i < 20; i++)
        {
            // One slot: exactly one waiter holds it at a time.
            var first = await Task.WhenAny(waiting.Select(waiter => waiter.Slot)).WaitAsync(TimeSpan.FromSeconds(5));
            var granted = waiting.Single(waiter => waiter.Slot == first);
            waiting.Remove(granted);
            order.Add(granted.Priority);
            (await granted.Slot).Dispose();
        }

        Assert.Equal(12, order.Count(priority => priority == TaskPriority.High));
        Assert.Equal(6, order.Count(priority => priority == TaskPriority.Normal));
        Assert.Equal(2, order.Count(priority => priority == TaskPriority.Low));
    }

    [Fact]
    public async Task A_cancelled_waiter_is_skipped_and_its_slot_goes_to_the_next()
    {
        var slots = new PrioritySlots(1, s_weights);
        var running = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None);
        using var stopping = new CancellationTokenSource();
        var cancelled = slots.AcquireAsync(TaskPriority.High, stopping.Token).AsTask();
        var next = slots.AcquireAsync(TaskPriority.Low, CancellationToken.None).AsTask();

        await stopping.CancelAsync();
        running.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        (await next.WaitAsync(TimeSpan.FromSeconds(5))).Dispose();
        using var free = await slots.AcquireAsync(TaskPriority.Normal, CancellationToken.None);
    }
}
