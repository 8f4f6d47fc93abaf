using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Operations;

// Counts of ended tasks per bucket, as the database groups them, turned into a gap-free
// series of rates. Buckets are aligned to multiples of their size so they stay put between
// refreshes; the current one is still filling, so its rate is over the time it has had.
public static class ThroughputSeries
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BucketSize = TimeSpan.FromSeconds(10);

    public sealed record BucketCount(long Bucket, TaskItemStatus Status, int Count);

    // The first bucket's start, so that `Window / BucketSize` buckets end with the one now is in.
    public static DateTimeOffset WindowStart(DateTimeOffset now, TimeSpan window, TimeSpan bucketSize)
    {
        var currentBucketStart = now.UtcTicks - now.UtcTicks % bucketSize.Ticks;
        return new DateTimeOffset(currentBucketStart + bucketSize.Ticks - window.Ticks, TimeSpan.Zero);
    }

    public static IReadOnlyList<ThroughputPoint> Build(
        IEnumerable<BucketCount> counts, DateTimeOffset now, TimeSpan window, TimeSpan bucketSize)
    {
        var from = WindowStart(now, window, bucketSize);
        var bucketCount = (int)(window.Ticks / bucketSize.Ticks);
        var finished = new int[bucketCount];
        var failed = new int[bucketCount];
        foreach (var count in counts)
        {
            if (count.Bucket < 0 || count.Bucket >= bucketCount)
            {
                continue;
            }

            if (count.Status == TaskItemStatus.Finished)
            {
                finished[count.Bucket] += count.Count;
            }
            else if (count.Status == TaskItemStatus.Failed)
            {
                failed[count.Bucket] += count.Count;
            }
        }

        var points = new List<ThroughputPoint>(bucketCount);
        for (var index = 0; index < bucketCount; index++)
        {
            var start = from + bucketSize * index;
            var seconds = index == bucketCount - 1
                ? Math.Max(1, (now - start).TotalSeconds)
                : bucketSize.TotalSeconds;
            points.Add(new ThroughputPoint(start, seconds, finished[index], failed[index]));
        }

        return points;
    }
}
