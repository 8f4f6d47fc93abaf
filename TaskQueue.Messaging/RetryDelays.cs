namespace TaskQueue.Messaging;

// Retries wait in quorum queues with per-message expiry, dead-lettered (at least once) back to
// the tasks exchange when due, so a scheduled retry survives a restart of every process. RabbitMQ
// only expires messages at a queue's head, so delays are bucketed into tiers: within a tier a
// message waits at most as long as the tier's width beyond its own expiry.
public static class RetryDelays
{
    public static readonly TimeSpan[] Tiers =
    [
        TimeSpan.FromSeconds(1),
        TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(30),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(30),
    ];

    public static readonly TimeSpan BaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan MaxDelay = TimeSpan.FromMinutes(30);

    public static string QueueName(TimeSpan tier) => $"taskqueue.retry.{(int)tier.TotalSeconds}s";

    // Exponential backoff with "full jitter" (a uniform pick between half and all of the
    // exponential delay), so retries of tasks that failed together spread out.
    public static TimeSpan ForAttempt(int failedAttempt, Random random)
    {
        var exponential = BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Clamp(failedAttempt - 1, 0, 20));
        var capped = Math.Min(exponential, MaxDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + random.NextDouble() * capped / 2);
    }

    public static TimeSpan TierFor(TimeSpan delay)
    {
        foreach (var tier in Tiers)
        {
            if (delay <= tier)
            {
                return tier;
            }
        }

        return Tiers[^1];
    }
}
