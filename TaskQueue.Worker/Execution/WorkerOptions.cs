using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Worker.Execution;

public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    // Probability of failing a task on purpose, as the original demo did (0.4 there).
    public double FailureRate { get; set; }

    // Tasks run at once in this process, whatever their priority; the broker hands out twice
    // as many normal ones (prefetch) so the next task is already here when one finishes. A
    // finished task waits for its outcome's confirm, and its ack, without a slot: the prefetch
    // is what bounds those.
    public int Concurrency { get; set; } = 16;

    // A task of a bundle still waiting for a slot this long after the bundle arrived goes back
    // to its queue alone (TaskBundleRunner), for any worker to take, those started since
    // included: the broker's prefetch counts messages, and 32 bundles hold up to 1,024 tasks.
    // 0 keeps every task of a bundle here until it runs.
    public double BundleWaitLimitSeconds { get; set; } = 1;

    // A task that ends within this delay reports only its outcome: no separate "started"
    // round trip for fast tasks. Longer tasks announce Running after it.
    public int StartedEventDelayMilliseconds { get; set; } = 5;

    // How a freed slot is shared between priorities that have tasks waiting (PrioritySlots).
    public int HighPriorityWeight { get; set; } = 6;
    public int NormalPriorityWeight { get; set; } = 3;
    public int LowPriorityWeight { get; set; } = 1;

    public IReadOnlyDictionary<TaskPriority, int> PriorityWeights => new Dictionary<TaskPriority, int>
    {
        [TaskPriority.High] = HighPriorityWeight,
        [TaskPriority.Normal] = NormalPriorityWeight,
        [TaskPriority.Low] = LowPriorityWeight,
    };
}
