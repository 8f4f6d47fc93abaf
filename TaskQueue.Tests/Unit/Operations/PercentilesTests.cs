using TaskQueue.Web.Services.Operations;

namespace TaskQueue.Tests.Unit.Operations;

public sealed class PercentilesTests
{
    [Fact]
    public void Nearest_rank_percentiles_are_durations_that_occurred()
    {
        var durations = Enumerable.Range(1, 100).Select(ms => TimeSpan.FromMilliseconds(ms)).Reverse();

        var percentiles = Percentiles.Of(durations);

        Assert.Equal(new Percentiles(TimeSpan.FromMilliseconds(50), TimeSpan.FromMilliseconds(95), TimeSpan.FromMilliseconds(99)), percentiles);
    }

    [Fact]
    public void One_sample_is_every_percentile_and_none_is_no_answer()
    {
        Assert.Equal(new Percentiles(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)), Percentiles.Of([TimeSpan.FromSeconds(2)]));
        Assert.Null(Percentiles.Of([]));
    }

    [Fact]
    public void A_slow_outlier_moves_p99_but_not_the_median()
    {
        var durations = Enumerable.Repeat(TimeSpan.FromMilliseconds(10), 99).Append(TimeSpan.FromSeconds(30));

        var percentiles = Percentiles.Of(durations)!;

        Assert.Equal(TimeSpan.FromMilliseconds(10), percentiles.P50);
        Assert.Equal(TimeSpan.FromMilliseconds(10), percentiles.P99);
        Assert.Equal(TimeSpan.FromSeconds(30), Percentiles.Of(durations.Skip(49))!.P99);
    }
}
