using TaskQueue.Messaging.Tasks;

namespace TaskQueue.Data.Model;

// A recurring task: a cron expression read in a time zone, and the task each occurrence
// creates. NextRunAt is the occurrence the firer waits for (UTC, null while paused); it only
// ever moves forward from its stored value, so a clock that jumps back fires nothing twice.
public sealed class Schedule
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public string Cron { get; set; } = "";

    // An IANA id (e.g. Europe/Paris): occurrences follow the zone's clock across DST changes.
    public string TimeZone { get; set; } = "UTC";
    public string TaskType { get; set; } = "";
    public string TaskName { get; set; } = "";
    public string TaskInput { get; set; } = "{}";
    public int TaskMaxAttempts { get; set; } = 3;
    public int TaskTimeoutSeconds { get; set; }
    public TaskPriority TaskPriority { get; set; } = TaskPriority.Normal;
    public string? OwnerId { get; set; }
    public bool Paused { get; set; }
    public MissedRunPolicy MissedRuns { get; set; } = MissedRunPolicy.RunOnce;
    public DateTimeOffset? NextRunAt { get; set; }
    public DateTimeOffset? LastRunAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}
