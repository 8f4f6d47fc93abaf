using TaskQueue.Messaging;

namespace TaskQueue.Tests.Unit;

public sealed class RetryDelaysTests
{
    [Theory]
    [InlineData(1, 0.5, 1)]
    [InlineData(2, 1, 2)]
    [InlineData(3, 2, 4)]
    [InlineData(5, 8, 16)]
    [InlineData(30, 900, 1800)]
    public void Backoff_doubles_per_attempt_with_jitter_and_a_cap(int failedAttempt, double minSeconds, double maxSeconds)
    {
        var random = new Random(1);
        for (var sample = 0; sample < 200; sample++)
        {
            var delay = RetryDelays.ForAttempt(failedAttempt, random);
            Assert.InRange(delay.TotalSeconds, minSeconds, maxSeconds);
        }
    }

    [Fact]
    public void Jitter_spreads_retries_of_tasks_that_failed_together()
    {
        var random = new Random(2);
        var delays = Enumerable.Range(0, 100).Select(_ => RetryDelays.ForAttempt(3, random)).Distinct().Count();

        Assert.True(delays > 90);
    }

    [Theory]
    [InlineData(0.2, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 5)]
    [InlineData(29, 30)]
    [InlineData(7200, 1800)]
    public void A_delay_waits_in_the_smallest_tier_that_holds_it(double seconds, double tierSeconds) =>
        Assert.Equal(TimeSpan.FromSeconds(tierSeconds), RetryDelays.TierFor(TimeSpan.FromSeconds(seconds)));
}
