using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using TaskQueue.Messaging.Tasks;
using TaskQueue.Web.Replicas;

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
//
// The buckets live in this process. With N web replicas each takes 1/N of the rate and of the
// burst, so a user's total across them stays within the limits: an approximation that holds
// exactly when their requests spread evenly, as DCP's proxy spreads new connections round
// robin. A client that keeps one connection open stays on one replica and gets 1/N. The burst
// share never goes below one full batch, so with many replicas the total burst can exceed the
// configured one by up to a batch per replica.
public sealed class EnqueueRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly int _burst;

    public EnqueueRateLimiter(IOptions<EnqueueLimitOptions> options, WebReplicas replicas)
    {
        var limits = options.Value;
        _burst = Math.Max(limits.EnqueueBurst / replicas.Count, TaskLimits.MaxBatchSize);
        var perSecond = Math.Max(1, limits.EnqueueTasksPerSecond / replicas.Count);
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
