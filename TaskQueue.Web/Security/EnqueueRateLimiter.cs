using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Web.Security;

public sealed class EnqueueLimitOptions
{
    public const string SectionName = "Limits";

    // Tasks a user may enqueue per second, sustained, and in one burst. A burst holds at
    // least one full batch, so a single batch is never refused outright.
    public int EnqueueTasksPerSecond { get; set; } = 200;
    public int EnqueueBurst { get; set; } = 2 * TaskLimits.MaxBatchSize;
}

// A token bucket per user, counted in tasks rather than requests: a batch of 1,000 costs
// 1,000. Admins (operators and their automation) are not limited.
public sealed class EnqueueRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _burst;

    public EnqueueRateLimiter(IOptions<EnqueueLimitOptions> options)
    {
        var limits = options.Value;
        _burst = Math.Max(limits.EnqueueBurst, TaskLimits.MaxBatchSize);
        var perSecond = Math.Max(1, limits.EnqueueTasksPerSecond);
        _limiter = PartitionedRateLimiter.Create<string, string>(userId => RateLimitPartition.GetTokenBucketLimiter(userId, _ =>
            new TokenBucketRateLimiterOptions
            {
                TokenLimit = _burst,
                TokensPerPeriod = perSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
                AutoReplenishment = true,
            }));
    }

    // Null when the tasks may go in now; otherwise how long to wait before trying again.
    public TimeSpan? TryAcquire(TaskAccess access, int tasks)
    {
        if (access.IsAdmin)
        {
            return null;
        }

        using var lease = _limiter.AttemptAcquire(access.UserId, Math.Min(tasks, _burst));
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
    }

    public void Dispose() => _limiter.Dispose();
}
