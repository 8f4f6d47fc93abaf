namespace TaskQueue.Worker.Execution;

public sealed class WorkerOptions
{
    public const string SectionName = "Worker";

    // Probability of failing a task on purpose, as the original demo did (0.4 there).
    public double FailureRate { get; set; }

    // Tasks run at once in this process; the broker hands out twice as many (prefetch) so the
    // next task is already here when one finishes.
    public int Concurrency { get; set; } = 16;

    // A task that ends within this delay reports only its outcome: no separate "started"
    // round trip for fast tasks. Longer tasks announce Running after it.
    public int StartedEventDelayMilliseconds { get; set; } = 5;
}
