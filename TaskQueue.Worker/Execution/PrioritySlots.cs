using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Execution;

// The worker's execution slots (Worker:Concurrency), shared by its three queues' consumers.
// Deliveries of every priority wait here for a slot; a freed slot goes to the next waiter by
// smooth weighted round robin over the priorities that have waiters (weights 6:3:1 by
// default): with high tasks waiting, 6 of every 10 slots go to them, so a high task starts
// at the first free slot, yet normal and low tasks still progress under a flood of high ones.
public sealed class PrioritySlots
{
    private static readonly TaskPriority[] s_priorities = Enum.GetValues<TaskPriority>();

    private readonly Lock _lock = new();
    private readonly Queue<TaskCompletionSource<Slot>>[] _waiting;
    private readonly int[] _weights;
    private readonly int[] _credit;
    private int _free;

    public PrioritySlots(int slots, IReadOnlyDictionary<TaskPriority, int> weights)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _free = slots;
        _waiting = s_priorities.Select(_ => new Queue<TaskCompletionSource<Slot>>()).ToArray();
        _weights = s_priorities.Select(priority => Math.Max(1, weights.GetValueOrDefault(priority, 1))).ToArray();
        _credit = new int[s_priorities.Length];
    }

    public async ValueTask<Slot> AcquireAsync(TaskPriority priority, CancellationToken cancellationToken)
    {
        TaskCompletionSource<Slot> waiter;
        lock (_lock)
        {
            if (_free > 0 && _waiting.All(queue => queue.Count == 0))
            {
                _free--;
                return new Slot(this);
            }

            waiter = new TaskCompletionSource<Slot>(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiting[(int)priority].Enqueue(waiter);
            GrantFreeSlots();
        }

        // A cancelled waiter stays queued and is skipped when its turn comes.
        await using var registration = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        return await waiter.Task;
    }

    private void Release()
    {
        lock (_lock)
        {
            _free++;
            GrantFreeSlots();
        }
    }

    private void GrantFreeSlots()
    {
        while (_free > 0 && NextWaiter() is { } waiter)
        {
            if (waiter.TrySetResult(new Slot(this)))
            {
                _free--;
            }
        }
    }

    // Smooth weighted round robin (as nginx balances upstreams): each priority with waiters
    // earns its weight, the richest is served and pays the total, so picks interleave evenly.
    private TaskCompletionSource<Slot>? NextWaiter()
    {
        while (true)
        {
            var total = 0;
            var best = -1;
            for (var i = 0; i < _waiting.Length; i++)
            {
                if (_waiting[i].Count == 0)
                {
                    _credit[i] = 0;
                    continue;
                }

                _credit[i] += _weights[i];
                total += _weights[i];
                if (best < 0 || _credit[i] > _credit[best])
                {
                    best = i;
                }
            }

            if (best < 0)
            {
                return null;
            }

            _credit[best] -= total;
            var waiter = _waiting[best].Dequeue();
            if (!waiter.Task.IsCompleted)
            {
                return waiter;
            }
        }
    }

    // Held while a task runs; disposing gives the slot to the next waiter.
    public sealed class Slot(PrioritySlots owner) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                owner.Release();
            }
        }
    }
}
