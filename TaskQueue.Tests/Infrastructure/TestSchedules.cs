using TaskQueue.Data.Model;

namespace TaskQueue.Tests.Infrastructure;

// Schedules put straight into a test's database, as if created long ago (for missed runs).
public static class TestSchedules
{
    public static Schedule Due(string cron, DateTimeOffset nextRunAt, MissedRunPolicy missedRuns = MissedRunPolicy.RunOnce, string? ownerId = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = $"test {cron}",
        Cron = cron,
        TaskType = "echo",
        TaskName = "scheduled echo",
        TaskInput = """{"value":1}""",
        TaskMaxAttempts = 3,
        TaskTimeoutSeconds = 30,
        OwnerId = ownerId,
        MissedRuns = missedRuns,
        NextRunAt = nextRunAt,
        CreatedAt = nextRunAt.AddDays(-1),
        UpdatedAt = nextRunAt.AddDays(-1),
    };
}
