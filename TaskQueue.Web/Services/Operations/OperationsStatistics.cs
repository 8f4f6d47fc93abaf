using Microsoft.EntityFrameworkCore;
using TaskQueue.Data;
using TaskQueue.Data.Model;

namespace TaskQueue.Web.Services.Operations;

// Throughput and latency read from the database, the source of truth: they survive a web
// restart and count every web instance's tasks. Both queries range-scan the index on
// (FinishedAt, Status) over the window only.
public sealed class OperationsStatistics(TasksDbContext db, TimeProvider timeProvider)
{
    // Enough for stable p99s; bounded so a busy quarter-hour costs the same as a quiet one.
    public const int LatencySampleSize = 2000;

    public async Task<IReadOnlyList<ThroughputPoint>> ThroughputAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var from = ThroughputSeries.WindowStart(now, ThroughputSeries.Window, ThroughputSeries.BucketSize).UtcTicks;
        var bucketTicks = ThroughputSeries.BucketSize.Ticks;
        var finished = nameof(TaskItemStatus.Finished);
        var failed = nameof(TaskItemStatus.Failed);

        // Raw SQL because times are stored as UTC ticks: integer division by the bucket size is
        // the grouping, which LINQ cannot express over converted DateTimeOffset columns.
        var rows = await db.Database.SqlQuery<BucketRow>($"""
            SELECT ("FinishedAt" - {from}) / {bucketTicks} AS "Bucket", "Status", COUNT(*) AS "Count"
            FROM "Tasks"
            WHERE "FinishedAt" >= {from} AND "Status" IN ({finished}, {failed})
            GROUP BY "Bucket", "Status"
            """).ToListAsync(cancellationToken);

        return ThroughputSeries.Build(
            rows.Select(row => new ThroughputSeries.BucketCount(row.Bucket, Enum.Parse<TaskItemStatus>(row.Status), row.Count)),
            now, ThroughputSeries.Window, ThroughputSeries.BucketSize);
    }

    public async Task<LatencySummary> LatencyAsync(CancellationToken cancellationToken)
    {
        var from = timeProvider.GetUtcNow() - ThroughputSeries.Window;
        var ended = await db.Tasks.AsNoTracking()
            .Where(task => task.FinishedAt >= from
                && (task.Status == TaskItemStatus.Finished || task.Status == TaskItemStatus.Failed)
                && task.StartedAt != null)
            .OrderByDescending(task => task.FinishedAt)
            .Take(LatencySampleSize)
            .Select(task => new { task.CreatedAt, StartedAt = task.StartedAt!.Value, FinishedAt = task.FinishedAt!.Value })
            .ToListAsync(cancellationToken);

        return new LatencySummary(
            ended.Count,
            Percentiles.Of(ended.Select(task => Positive(task.StartedAt - task.CreatedAt))),
            Percentiles.Of(ended.Select(task => Positive(task.FinishedAt - task.StartedAt))));
    }

    // Clocks of different machines can disagree by a little; a wait is never negative.
    private static TimeSpan Positive(TimeSpan duration) => duration < TimeSpan.Zero ? TimeSpan.Zero : duration;

    private sealed record BucketRow(long Bucket, string Status, int Count);
}
