using Microsoft.Extensions.Options;
using TaskQueue.Web.Replicas;
using TaskQueue.Web.Security;

namespace TaskQueue.Tests.Security;

// With N web replicas each keeps 1/N of a user's rate and burst, so that together they allow
// what one web app would; a burst share never drops below one full batch.
public sealed class EnqueueRateLimiterShareTests
{
    private static readonly TaskAccess s_user = new("user-1", IsAdmin: false);

    [Theory]
    [InlineData(1, 4000)]
    [InlineData(2, 2000)]
    [InlineData(4, 1000)]
    public void Each_replica_allows_its_share_of_the_burst(int replicas, int share)
    {
        using var limiter = NewLimiter(replicas, perSecond: 1, burst: 4000);

        Assert.Null(limiter.TryAcquire(s_user, share / 2));
        Assert.Null(limiter.TryAcquire(s_user, share - (share / 2)));
        Assert.NotNull(limiter.TryAcquire(s_user, 1));
    }

    [Fact]
    public void Together_the_replicas_allow_the_configured_burst_and_no_more()
    {
        var replicas = Enumerable.Range(0, 2).Select(_ => NewLimiter(2, perSecond: 1, burst: 4000)).ToList();

        var accepted = 0;
        for (var round = 0; round < 10; round++)
        {
            foreach (var limiter in replicas)
            {
                accepted += limiter.TryAcquire(s_user, 500) is null ? 500 : 0;
            }
        }

        Assert.Equal(4000, accepted);
        replicas.ForEach(limiter => limiter.Dispose());
    }

    [Fact]
    public void A_share_of_the_burst_still_holds_one_full_batch()
    {
        using var limiter = NewLimiter(8, perSecond: 1, burst: 2000);

        Assert.Null(limiter.TryAcquire(s_user, TaskQueue.Messaging.Tasks.TaskLimits.MaxBatchSize));
    }

    private static EnqueueRateLimiter NewLimiter(int replicas, int perSecond, int burst) =>
        new(Options.Create(new EnqueueLimitOptions { EnqueueTasksPerSecond = perSecond, EnqueueBurst = burst }), new WebReplicas(replicas));
}
