using TaskQueue.Data.Model;
using TaskQueue.Web.Services.Operations;
using static TaskQueue.Web.Services.Operations.ThroughputSeries;

namespace TaskQueue.Tests.Unit.Operations;

public sealed class ThroughputSeriesTests
{
    private static readonly DateTimeOffset s_now = new(2026, 1, 1, 12, 0, 4, TimeSpan.Zero);

    [Fact]
    public void The_window_ends_with_the_bucket_now_is_in_and_starts_on_a_bucket_boundary()
    {
        var start = WindowStart(s_now, Window, BucketSize);

        Assert.Equal(new DateTimeOffset(2026, 1, 1, 11, 45, 10, TimeSpan.Zero), start);
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero), start + Window - BucketSize);
    }

    [Fact]
    public void Every_bucket_is_present_and_empty_ones_are_zero()
    {
        var points = Build([], s_now, Window, BucketSize);

        Assert.Equal(90, points.Count);
        Assert.All(points, point => Assert.Equal((0, 0), (point.Finished, point.Failed)));
        Assert.Equal(points.Select(point => point.Start).Order(), points.Select(point => point.Start));
    }

    [Fact]
    public void Counts_become_rates_per_second_and_only_finished_and_failed_count()
    {
        var points = Build(
            [
                new BucketCount(0, TaskItemStatus.Finished, 50),
                new BucketCount(0, TaskItemStatus.Failed, 5),
                new BucketCount(0, TaskItemStatus.Cancelled, 7),
                new BucketCount(10, TaskItemStatus.Finished, 20),
            ],
            s_now, Window, BucketSize);

        Assert.Equal(5.0, points[0].FinishedPerSecond);
        Assert.Equal(0.5, points[0].FailedPerSecond);
        Assert.Equal(2.0, points[10].FinishedPerSecond);
        Assert.Equal(70, points.Sum(point => point.Finished));
    }

    [Fact]
    public void The_bucket_still_filling_is_rated_over_the_time_it_has_had()
    {
        // Four seconds into the last bucket: 8 tasks is 2 a second, not 0.8.
        var points = Build([new BucketCount(89, TaskItemStatus.Finished, 8)], s_now, Window, BucketSize);

        Assert.Equal(4, points[^1].Seconds);
        Assert.Equal(2.0, points[^1].FinishedPerSecond);
    }

    [Fact]
    public void Buckets_outside_the_window_are_ignored()
    {
        var points = Build(
            [new BucketCount(-1, TaskItemStatus.Finished, 3), new BucketCount(90, TaskItemStatus.Failed, 4)],
            s_now, Window, BucketSize);

        Assert.Equal(0, points.Sum(point => point.Finished + point.Failed));
    }
}
